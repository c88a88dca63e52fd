package dev.jdns.cli.control;

/** A control command that failed; its message is the one line the client prints after {@code error: }. */
public final class ControlException extends Exception {

    public ControlException(String message) {
        super(message);
    }
}
