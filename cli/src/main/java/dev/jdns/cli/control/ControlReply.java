package dev.jdns.cli.control;

import java.io.IOException;
import java.io.Writer;

/**
 * The reply to one request, as the protocol has it: a status line ({@code ok}, or {@code error: MESSAGE}) and,
 * after {@code ok}, the body's lines. A command writes body lines as it goes (a cache dump is streamed, never held
 * whole); the status line goes out before the first of them.
 */
final class ControlReply {

    static final String OK = "ok";
    static final String ERROR = "error: ";

    private final Writer out;
    private boolean statusSent;

    ControlReply(Writer out) {
        this.out = out;
    }

    /** One line of the body. */
    void line(String text) throws IOException {
        status(OK);
        out.write(text);
        out.write('\n');
    }

    /** Ends the reply: {@code ok} with no body if nothing was written yet. */
    void finish() throws IOException {
        status(OK);
        out.flush();
    }

    /**
     * The failure as the reply, or as its last line when the body had begun (the client then exits 1 too). A message
     * may quote what the client sent: control characters in it become '?', so it stays one line and prints nothing
     * but text on the operator's terminal.
     */
    void fail(String message) throws IOException {
        String oneLine = message.replaceAll("\\p{Cntrl}", "?");
        if (statusSent) {
            out.write(ERROR + oneLine + "\n");
        } else {
            status(ERROR + oneLine);
        }
        out.flush();
    }

    private void status(String line) throws IOException {
        if (!statusSent) {
            statusSent = true;
            out.write(line);
            out.write('\n');
        }
    }
}
