package dev.jdns.cli.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One line per log record on stderr ({@code 2026-11-22T06:20:28 WARNING zone: ...}), at the level named by
 * {@code --log-level}. Our code logs through {@code System.Logger} and dnsjava through SLF4J; both end up in
 * java.util.logging, configured here once.
 */
public final class LogSetup {

    private static final String ONE_LINE = "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n";
    /** Held here: the LogManager keeps loggers weakly, and a logger collected and made again forgets its level. */
    private static final Logger DNSJAVA = Logger.getLogger("org.xbill");
    private static final Logger DNSJAVA_VALIDATOR = Logger.getLogger("org.xbill.DNS.dnssec");

    private LogSetup() {}

    public static void configure(String levelName) {
        Level level = parse(levelName);
        System.setProperty("java.util.logging.SimpleFormatter.format", ONE_LINE);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new PlainNumbersFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        // dnsjava is chatty below WARNING about every packet; its details are only wanted when asked for.
        boolean debugging = level.intValue() < Level.INFO.intValue();
        DNSJAVA.setLevel(debugging ? level : Level.WARNING);
        // dnsjava's validator warns, with a stack trace, of every bogus RRset it meets (a signed lab's broken zones,
        // anyone's broken zone): the client learns why from the Extended DNS Error, so those are for debugging.
        DNSJAVA_VALIDATOR.setLevel(debugging ? level : Level.SEVERE);
    }

    /**
     * The one-line format, with whole numbers as their digits: java.util.logging formats a record's parameters with
     * MessageFormat, which groups digits by locale, and a zone serial such as 2025010101 (RFC 1912 §2.2's
     * YYYYMMDDnn) printed "2,025,010,101" no longer reads as the serial an operator compares with dig's.
     */
    static final class PlainNumbersFormatter extends SimpleFormatter {
        @Override
        public synchronized String formatMessage(LogRecord record) {
            Object[] parameters = record.getParameters();
            if (parameters == null) {
                return super.formatMessage(record);
            }
            Object[] plain = parameters.clone();
            for (int i = 0; i < plain.length; i++) {
                if (plain[i] instanceof Long || plain[i] instanceof Integer || plain[i] instanceof Short
                        || plain[i] instanceof java.math.BigInteger) {
                    plain[i] = plain[i].toString();
                }
            }
            record.setParameters(plain);
            try {
                return super.formatMessage(record);
            } finally {
                record.setParameters(parameters);
            }
        }
    }

    /** Undoes {@link #holdBackInfo}. */
    public interface HeldBack extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds back the INFO lines of the loggers named (warnings still show) until the returned handle is closed,
     * unless logging is at debug or finer, where everything is wanted: for start-up work whose routine lines would
     * bury what the user is to read, such as the lab's first zone transfers before its banner.
     */
    public static HeldBack holdBackInfo(String... loggerNames) {
        if (!Logger.getLogger("").isLoggable(Level.INFO) || Logger.getLogger("").isLoggable(Level.FINE)) {
            return () -> { };
        }
        List<Logger> held = new ArrayList<>();
        for (String name : loggerNames) {
            Logger logger = Logger.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                held.add(logger); // also keeps the logger, and so its level, from being collected meanwhile
            }
        }
        return () -> held.forEach(logger -> logger.setLevel(null));
    }

    /** error, warning, info, debug, trace (also the JUL names); anything else is a usage error. */
    static Level parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "error", "severe" -> Level.SEVERE;
            case "warning", "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug", "fine" -> Level.FINE;
            case "trace", "finest", "all" -> Level.FINEST;
            default -> throw new IllegalArgumentException("unknown log level '" + name
                    + "' (error, warning, info, debug, trace)");
        };
    }
}
