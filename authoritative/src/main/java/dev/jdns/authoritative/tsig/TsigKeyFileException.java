package dev.jdns.authoritative.tsig;

import java.io.IOException;

/** A key file that does not follow the grammar; the message is {@code file:line: reason}. */
public final class TsigKeyFileException extends IOException {
    public TsigKeyFileException(String message) {
        super(message);
    }
}
