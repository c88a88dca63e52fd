package dev.jdns.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class PlainNumbersFormatterTest {

    @Test
    void serialsAndCountsAreWrittenAsTheirDigits() {
        LogRecord record = new LogRecord(Level.INFO, "{0}: serial {1} by AXFR ({2} records), {3}");
        Object[] parameters = {"example.com.", 2025010101L, 12345, 1.5};
        record.setParameters(parameters);

        String line = new LogSetup.PlainNumbersFormatter().formatMessage(record);

        assertEquals("example.com.: serial 2025010101 by AXFR (12345 records), 1.5", line);
        assertEquals(2025010101L, record.getParameters()[1], "the record keeps its own parameters");
    }
}
