package dev.jdns.cli.lab;

/** The zones do not describe a consistent internet (a server without an address, a zone nobody delegates). */
public final class TopologyException extends Exception {

    private static final long serialVersionUID = 1L;

    public TopologyException(String message) {
        super(message);
    }

    public TopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
