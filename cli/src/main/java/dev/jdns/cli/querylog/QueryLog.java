package dev.jdns.cli.querylog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --query-log FILE|-}: one JSON line per query, written by one thread of its own from a bounded queue. A
 * query only offers its entry; when the queue is full (the disk or the reader of stdout is slower than the queries)
 * the line is counted as dropped, never waited for, so logging cannot slow answers down or grow the heap.
 */
public final class QueryLog implements AutoCloseable {

    private static final Logger LOG = System.getLogger(QueryLog.class.getName());
    public static final int DEFAULT_QUEUE = 10_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Ends the writer once every entry before it is written. */
    private static final QueryLogEntry END = new QueryLogEntry(0, null, null, null, 0, 0, null, 0, 0);

    private final BlockingQueue<QueryLogEntry> queue;
    private final Writer out;
    private final boolean closeOut;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    private boolean failing; // written by the writer thread only

    QueryLog(Writer out, int capacity, boolean closeOut) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out;
        this.closeOut = closeOut;
        this.writer = Thread.ofPlatform().daemon().name("jdns-query-log").start(this::writeLoop);
    }

    /** Appends to {@code target}, or writes to stdout when it is "-". */
    public static QueryLog open(String target, int capacity) throws IOException {
        if (target.equals("-")) {
            return new QueryLog(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)),
                    capacity, false);
        }
        return new QueryLog(Files.newBufferedWriter(Path.of(target), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), capacity, true);
    }

    void offer(QueryLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Lines dropped since the start: the queue was full, or a write failed. */
    public long dropped() {
        return dropped.sum();
    }

    long written() {
        return written.sum();
    }

    /** Writes what is queued, then stops the writer; the file is closed, stdout only flushed. */
    @Override
    public void close() throws IOException {
        try {
            if (!queue.offer(END, CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                writer.interrupt();
            }
            writer.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }

    private void writeLoop() {
        try {
            for (QueryLogEntry entry = queue.take(); entry != END; entry = queue.take()) {
                write(entry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line; flushed when nothing else waits, so a quiet server's log is current and a busy one's batched. */
    private void write(QueryLogEntry entry) {
        try {
            out.write(entry.json());
            out.write('\n');
            written.increment();
            if (queue.isEmpty()) {
                out.flush();
            }
            failing = false;
        } catch (IOException e) {
            dropped.increment();
            if (!failing) { // once per run of failures, not once per query
                failing = true;
                LOG.log(Level.WARNING, "query log: " + e.getMessage() + "; lines are dropped until writes work");
            }
        }
    }
}
