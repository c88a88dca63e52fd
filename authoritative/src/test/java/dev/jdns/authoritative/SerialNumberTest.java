package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 1982 §3.2 serial comparison, wrap-around and the undefined half-way point included. */
class SerialNumberTest {

    @ParameterizedTest
    @CsvSource({
        "2, 1, true",
        "1, 2, false",
        "1, 1, false",
        "0, 4294967295, true",          // wraps: 0 follows 2^32-1
        "4294967295, 0, false",
        "2147483647, 0, true",          // ahead by 2^31 - 1: the largest step that is newer
        "2147483648, 0, false",         // ahead by exactly 2^31: undefined, not newer
        "0, 2147483648, false",
        "100, 2147483749, true",        // ahead by 2^31 - 1 across the wrap
    })
    void isNewer(long candidate, long reference, boolean newer) {
        assertEquals(newer, SerialNumber.isNewer(candidate, reference));
    }
}
