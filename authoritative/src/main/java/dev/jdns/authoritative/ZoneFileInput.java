package dev.jdns.authoritative;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * Feeds a {@link ZoneFileText} to dnsjava's {@code Master} one byte at a time and notes which line the entry
 * being parsed started on.
 *
 * <p>It extends {@code BufferedInputStream} only because dnsjava's {@code Tokenizer} wraps any other stream in
 * one, which would read ahead and make the line count meaningless; every read goes to {@link #read()}. The
 * tokenizer pushes back at most two bytes and never past the newline that ends a record, so after
 * {@code nextRecord()} returns, the lines delivered are exactly the lines that record used.
 */
final class ZoneFileInput extends BufferedInputStream {

    private final ZoneFileText text;
    private final byte[] bytes;
    private int position;
    private int line = 1;
    private boolean lineStarted;
    private int pendingEntryLine;
    private int lastEntryLine;

    ZoneFileInput(ZoneFileText text) {
        super(InputStream.nullInputStream(), 1);
        this.text = text;
        this.bytes = text.bytes();
    }

    @Override
    public synchronized int read() {
        if (position >= bytes.length) {
            return -1;
        }
        if (!lineStarted) {
            lineStarted = true;
            if (pendingEntryLine == 0 && text.startsEntry(line)) {
                pendingEntryLine = line;
            }
        }
        int b = bytes[position++] & 0xff;
        if (b == '\n') {
            line++;
            lineStarted = false;
        }
        return b;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int b = read();
        if (b < 0) {
            return -1;
        }
        buffer[offset] = (byte) b;
        return 1;
    }

    @Override
    public synchronized long skip(long n) {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public synchronized int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // Nothing to release: the bytes are in memory.
    }

    /**
     * The line to blame for an error that dnsjava reports without one (rdata that fails once parsed, such as a
     * {@code \#} length that does not match): the first line of the entry being parsed, else the line reached.
     * The tokenizer may already have read the newline that ends the entry, so the line reached can be the next one.
     */
    int failingLine() {
        return pendingEntryLine != 0 ? pendingEntryLine : line;
    }

    /**
     * The line on which the record just returned by {@code Master} started, and resets for the next one.
     * Records expanded from one {@code $GENERATE} all get the directive's line.
     */
    int takeEntryLine() {
        if (pendingEntryLine != 0) {
            lastEntryLine = pendingEntryLine;
            pendingEntryLine = 0;
        }
        return lastEntryLine;
    }
}
