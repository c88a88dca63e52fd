package dev.jdns.transport.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The INFO lines of a logger (and its children) while a test runs, formatted as the operator reads them: what
 * transfer tests check the servers did (which transfer, which serial, which NOTIFY). Close to stop capturing.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(formatter.formatMessage(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** Starts capturing {@code loggerName} at INFO (set after the servers started: they set their own level). */
    public CapturedLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        logger.addHandler(handler);
        logger.setLevel(Level.INFO);
    }

    /** How many lines start with {@code prefix}. */
    public long count(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    public boolean has(String prefix) {
        return count(prefix) > 0;
    }

    /** Waits (bounded, polling every 50 ms) until {@code count} lines start with {@code prefix}. */
    public boolean await(String prefix, long count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count(prefix) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public String toString() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
