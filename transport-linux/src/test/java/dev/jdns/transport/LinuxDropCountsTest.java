package dev.jdns.transport;

/** {@link DropCountsTest}'s cases, on the Linux listen sockets ({@link LinuxListenSocketsChosenTest} checks they are the ones). */
class LinuxDropCountsTest extends DropCountsTest {}
