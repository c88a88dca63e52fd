package dev.jdns.cli.log;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HoldBackInfoTest {

    private static final String NAME = "dev.jdns.test.HoldBackInfoTest.transfers";
    private final Logger root = Logger.getLogger("");
    private final Logger logger = Logger.getLogger(NAME);
    private Level rootLevel;

    @BeforeEach
    void rememberRootLevel() {
        rootLevel = root.getLevel();
    }

    @AfterEach
    void restoreRootLevel() {
        root.setLevel(rootLevel);
        logger.setLevel(null);
    }

    @Test
    void infoIsHeldBackUntilClosedAndWarningsStillShow() {
        root.setLevel(Level.INFO);
        try (LogSetup.HeldBack held = LogSetup.holdBackInfo(NAME)) {
            assertFalse(logger.isLoggable(Level.INFO));
            assertTrue(logger.isLoggable(Level.WARNING));
        }
        assertTrue(logger.isLoggable(Level.INFO));
    }

    @Test
    void nothingIsHeldBackWhenDebugging() {
        root.setLevel(Level.FINE);
        try (LogSetup.HeldBack held = LogSetup.holdBackInfo(NAME)) {
            assertTrue(logger.isLoggable(Level.INFO));
        }
    }

    @Test
    void aLevelSetOnPurposeIsLeftAlone() {
        root.setLevel(Level.INFO);
        logger.setLevel(Level.FINE);
        try (LogSetup.HeldBack held = LogSetup.holdBackInfo(NAME)) {
            assertTrue(logger.isLoggable(Level.INFO));
        }
        assertTrue(logger.isLoggable(Level.FINE));
    }
}
