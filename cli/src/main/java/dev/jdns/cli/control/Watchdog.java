package dev.jdns.cli.control;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on each read and write of one connection. A Unix domain socket channel has no SO_TIMEOUT, so a
 * timer closes the channel when one operation takes too long, which ends the blocked read or write with an
 * exception: a client that connects and sends nothing, or stops reading a dump, holds a connection slot for at most
 * the limit.
 */
final class Watchdog {

    private final Closeable connection;
    private final ScheduledExecutorService timers;
    private final long limitNanos;

    Watchdog(Closeable connection, ScheduledExecutorService timers, Duration limit) {
        this.connection = connection;
        this.timers = timers;
        this.limitNanos = limit.toNanos();
    }

    InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                ScheduledFuture<?> alarm = arm();
                try {
                    return super.read(buffer, offset, length);
                } finally {
                    alarm.cancel(false);
                }
            }
        };
    }

    OutputStream guard(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ScheduledFuture<?> alarm = arm();
                try {
                    out.write(buffer, offset, length);
                } finally {
                    alarm.cancel(false);
                }
            }
        };
    }

    private ScheduledFuture<?> arm() {
        return timers.schedule(() -> {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, limitNanos, TimeUnit.NANOSECONDS);
    }
}
