package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Durations as the CLI writes them: a number and a unit, or a bare number of seconds. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "5s, PT5S", "5m, PT5M", "1h, PT1H", "1d, PT24H", "3, PT3S", "0, PT0S", "2S, PT2S"})
    void parses(String text, String expected) {
        assertEquals(Duration.parse(expected), converter.convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5x", "-1", "1.5s", "s", "5 s5", "9999999999s"})
    void refuses(String text) {
        assertThrows(TypeConversionException.class, () -> converter.convert(text));
    }
}
