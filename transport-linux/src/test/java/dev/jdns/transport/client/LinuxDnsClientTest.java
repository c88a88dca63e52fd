package dev.jdns.transport.client;

/** {@link DnsClientTest}'s cases, run on the Linux query sockets ({@link LinuxSocketsChosenTest} checks they are the ones). */
class LinuxDnsClientTest extends DnsClientTest {}
