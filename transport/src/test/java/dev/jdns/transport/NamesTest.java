package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class NamesTest {

    @ParameterizedTest(name = "{0} strictly below {1}: {2}")
    @CsvSource({
        "www.example., example., true",
        "a.b.example., example., true",
        "www.example., ., true",
        "example., example., false",
        "EXAMPLE., example., false",
        "example., www.example., false",
        "www.other., example., false",
        "., ., false",
    })
    void strictlyBelowMeansAProperDescendant(String name, String ancestor, boolean expected) throws Exception {
        assertEquals(expected, Names.strictlyBelow(Name.fromString(name), Name.fromString(ancestor)));
    }
}
