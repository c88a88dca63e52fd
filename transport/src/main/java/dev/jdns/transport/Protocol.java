package dev.jdns.transport;

/** The transport a query arrived on; it decides the reply size limit and whether zone transfers are allowed. */
public enum Protocol {
    UDP,
    TCP
}
