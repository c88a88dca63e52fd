package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.WarmUp;
import java.io.IOException;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WarmUpOption#run}: off runs nothing; a warm-up that fails is one warning and the start goes on. */
class WarmUpOptionTest {

    private static final WarmUp.Bounds BOUNDS = new WarmUp.Bounds(1, Duration.ofMillis(1));

    private final Logger logger = Logger.getLogger(WarmUpOption.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void offRunsNothing() {
        WarmUpOption option = new WarmUpOption();
        AtomicInteger runs = new AtomicInteger();
        assertFalse(option.run("jdns serve", bounds -> {
            runs.incrementAndGet();
            return new WarmUp.Result(0, 0, List.of());
        }, BOUNDS));
        assertEquals(0, runs.get());
    }

    @Test
    void aFailingWarmUpIsAWarningAndTheStartGoesOn() {
        WarmUpOption option = new WarmUpOption();
        option.warmUp = true;
        assertTrue(option.run("jdns resolver", bounds -> {
            throw new IOException("cannot bind loopback");
        }, BOUNDS));
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        String line = MessageFormat.format(records.getFirst().getMessage(),
                records.getFirst().getParameters());
        assertTrue(line.contains("jdns resolver: warm-up failed, starting without it")
                && line.contains("cannot bind loopback"), line);
    }
}
