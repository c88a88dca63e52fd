package dev.jdns.transport;

import java.io.IOException;

/** Where {@link QueryProcessor} puts each rendered reply: a UDP send, a TCP write, or a list in a test. */
@FunctionalInterface
public interface ReplySink {

    /** Sends one complete DNS message (no TCP length prefix). */
    void send(byte[] message) throws IOException;
}
