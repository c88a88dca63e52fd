package dev.jdns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "127.0.0.0/8, 127.0.0.1, true",
        "127.0.0.0/8, 127.255.255.254, true",
        "127.0.0.0/8, 128.0.0.1, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.4, false",
        "192.168.1.77/24, 192.168.1.1, true",
        "0.0.0.0/0, 203.0.113.9, true",
        "::1/128, ::1, true",
        "::1/128, ::2, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "127.0.0.0/8, ::1, false",
        "10.0.0.0/9, 10.127.0.1, true",
        "10.0.0.0/9, 10.128.0.1, false",
    })
    void contains(String block, String address, boolean expected) throws Exception {
        assertEquals(expected, Cidr.parse(block).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "1.2.3", "999.1.1.1", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "/8"})
    void rejectsWhatIsNotABlock(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @Test
    void normalisesTheNetworkAndPrintsIt() {
        assertEquals("192.168.1.0/24", Cidr.parse("192.168.1.77/24").toString());
        assertEquals(Cidr.parse("192.168.1.0/24"), Cidr.parse("192.168.1.200/24"));
    }

    @Test
    void loopbackCoversBothFamilies() throws Exception {
        assertTrue(Cidr.anyContains(Cidr.LOOPBACK, InetAddress.getByName("127.0.0.2")));
        assertTrue(Cidr.anyContains(Cidr.LOOPBACK, InetAddress.getByName("::1")));
        assertFalse(Cidr.anyContains(Cidr.LOOPBACK, InetAddress.getByName("192.0.2.1")));
    }
}
