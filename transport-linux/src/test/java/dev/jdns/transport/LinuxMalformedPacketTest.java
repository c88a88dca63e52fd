package dev.jdns.transport;

/** {@link MalformedPacketTest}'s cases, on the Linux listen sockets ({@link LinuxListenSocketsChosenTest} checks they are the ones). */
class LinuxMalformedPacketTest extends MalformedPacketTest {}
