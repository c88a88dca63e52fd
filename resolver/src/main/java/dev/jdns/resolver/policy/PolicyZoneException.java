package dev.jdns.resolver.policy;

import java.io.IOException;

/** A policy zone file that cannot be used; the message is {@code file:line: reason} (or {@code file: reason}). */
public final class PolicyZoneException extends IOException {

    public PolicyZoneException(String message, Throwable cause) {
        super(message, cause);
    }

    public PolicyZoneException(String message) {
        super(message);
    }
}
