package dev.jdns.transport.client;

/** {@link FreshSourcePortTest}'s cases, run on the Linux query sockets ({@link LinuxSocketsChosenTest} checks they are the ones). */
class LinuxFreshSourcePortTest extends FreshSourcePortTest {}
