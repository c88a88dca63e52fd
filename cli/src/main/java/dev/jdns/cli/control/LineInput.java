package dev.jdns.cli.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads '\n'-terminated UTF-8 lines from a stream with a bound on each line's length, so a client that never sends
 * a newline costs a bounded buffer, not the server's memory. Not thread-safe.
 */
final class LineInput {

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    LineInput(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its terminator ('\r' before it dropped), or null at the end of the stream.
     *
     * @throws ControlException when the line is longer than {@code maxBytes}
     */
    String readLine(int maxBytes) throws IOException, ControlException {
        byte[] line = new byte[Math.min(maxBytes, 256)];
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? null : text(line, length);
            }
            byte next = buffer[position++];
            if (next == '\n') {
                return text(line, length);
            }
            if (length == maxBytes) {
                throw new ControlException("line longer than " + maxBytes + " bytes");
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(maxBytes, line.length * 2));
            }
            line[length++] = next;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static String text(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
