package dev.jdns.transport;

/** {@link ResponseRateLimitTest}'s cases, on the Linux listen sockets ({@link LinuxListenSocketsChosenTest} checks they are the ones). */
class LinuxResponseRateLimitTest extends ResponseRateLimitTest {}
