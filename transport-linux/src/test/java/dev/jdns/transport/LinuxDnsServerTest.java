package dev.jdns.transport;

/** {@link DnsServerTest}'s cases, on the Linux listen sockets ({@link LinuxListenSocketsChosenTest} checks they are the ones). */
class LinuxDnsServerTest extends DnsServerTest {}
