package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A failure that repeats at packet rate is reported once per interval, with the count of those left out. */
class ThrottledWarningTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledWarning warning =
            new ThrottledWarning(new Recording(), "UDP receive failed", Duration.ofSeconds(10), now::get);

    @Test
    void theFirstFailureIsLoggedAtOnceAndTheRestOfTheIntervalIsCounted() {
        warning.log(new IllegalStateException("bug"));
        for (int i = 0; i < 500; i++) {
            warning.log(new IllegalStateException("bug"));
        }
        assertEquals(List.of("WARNING UDP receive failed: bug"), lines);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        warning.log(new IllegalStateException("bug again"));

        assertEquals(List.of("WARNING UDP receive failed: bug",
                "WARNING UDP receive failed (500 more since the last report): bug again"), lines);
    }

    @Test
    void aQuietSpellResetsTheCount() {
        warning.log(new IllegalStateException("one"));
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        warning.log(new IllegalStateException("two"));

        assertEquals(List.of("WARNING UDP receive failed: one", "WARNING UDP receive failed: two"), lines);
    }

    /** Keeps each line as "LEVEL message: cause". */
    private final class Recording implements Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level + " " + message + ": " + thrown.getMessage());
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }
    }
}
