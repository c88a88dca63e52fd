package dev.jdns.transport;

/**
 * Query in, response out: the one contract between the network front end ({@code DnsServer}) and the
 * servers behind it. The authoritative server and the recursive resolver are both just handlers.
 *
 * <p>The front end has already done what every DNS server must do the same way: dropped packets that are
 * responses or shorter than a header, answered unparseable packets with FORMERR, checked the question
 * count and EDNS version. After the handler it adds the OPT record (RFC 6891 §6.1.1), sizes the reply for
 * the transport and sets TC when it does not fit. A handler only decides what the answer is.
 *
 * <p>To send an extended rcode (above 15) or EDNS options such as Extended DNS Errors, a handler adds an
 * OPT record with them; the front end keeps its options and extended rcode bits and sets payload size,
 * version and flags itself. Without EDNS in the query an extended rcode cannot be sent: SERVFAIL goes out.
 * The handler's message is not modified, so handlers may return shared, pre-built messages.
 *
 * <p>Handlers are called concurrently and must be thread-safe. Unless the server was started with
 * {@code ServerOptions.withHandlerMayBlock(true)}, a handler runs on a receiver thread and must not block.
 */
@FunctionalInterface
public interface QueryHandler {

    /** Builds the response to one query; never throws for bad input (answer with an rcode instead). */
    Response handle(Query query);

    /**
     * How the front end may reuse this handler's {@link Response.Single#reuse() reusable} replies (a packet
     * cache); asked once, when the front end is built. Null, the default, turns reuse off.
     */
    default ReplyReuse replyReuse() {
        return null;
    }

    /**
     * True when {@link #handle} may wait on I/O (a resolver asking upstream servers). A {@code DnsServer} refuses
     * such a handler unless started with {@code ServerOptions.withHandlerMayBlock(true)}: run inline, it would
     * stall a receiver thread for every query in flight.
     */
    default boolean mayBlock() {
        return false;
    }
}
