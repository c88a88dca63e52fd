package dev.jdns.transport.client;

/** {@link ClientCookieTest}'s cases, run on the Linux query sockets ({@link LinuxSocketsChosenTest} checks they are the ones). */
class LinuxClientCookieTest extends ClientCookieTest {}
