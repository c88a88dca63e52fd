package dev.jdns.cli.dig;

/** A bad argument: reported in one line, exit code 1 (as dig). */
final class DigUsageException extends Exception {

    DigUsageException(String message) {
        super(message);
    }
}
