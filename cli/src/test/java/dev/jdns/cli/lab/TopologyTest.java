package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers follow from the NS records and glue of zones/, and inconsistent zones are refused with a reason. */
class TopologyTest {

    @TempDir
    Path dir;

    /** The table of zones/README.md, derived rather than declared. */
    @Test
    void serversOfTheCheckoutZones() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        String table = topology.servers().stream()
                .map(s -> s.displayName() + " " + s.address().getHostAddress() + " " + s.displayOrigins())
                .collect(Collectors.joining("\n"));
        assertEquals("""
                a.root-servers.net 172.30.53.10 . arpa. root-servers.net.
                b.root-servers.net 172.30.53.11 . (2nd) arpa. (2nd) root-servers.net. (2nd)
                a.gtld-servers.net 172.30.53.20 com. net.
                b.gtld-servers.net 172.30.53.21 com. (2nd) net. (2nd)
                ns1.nic.org 172.30.53.30 org.
                ns2.nic.org 172.30.53.31 org. (2nd)
                ns1.example.com 172.30.53.40 example.com.
                ns2.example.com 172.30.53.41 example.com. (2nd)
                ns1.dev.example.com 172.30.53.42 dev.example.com.
                ns2.dev.example.com 172.30.53.43 dev.example.com. (2nd)
                ns1.shopfront.net 172.30.53.50 shopfront.net.
                ns2.shopfront.net 172.30.53.51 shopfront.net. (2nd)
                ns1.example.net 172.30.53.60 53.30.172.in-addr.arpa. example.net. edgecdn.org.
                ns2.example.net 172.30.53.61 53.30.172.in-addr.arpa. (2nd) example.net. (2nd) edgecdn.org. (2nd)
                ns1.example.org 172.30.53.70 example.org.
                ns2.example.org 172.30.53.71 example.org. (2nd)""", table);
        assertEquals("172.30.53.0/24", topology.subnet().toString());
        assertEquals(Checkout.zones().resolve("root.hints"), topology.rootHints());
    }

    @Test
    void aNameServerWithoutAnAddressIsRefused() throws Exception {
        Checkout.copyOfZones(dir);
        replace("org.zone", "edgecdn                 IN NS   ns1.example.net.",
                "edgecdn                 IN NS   ns1.nowhere.net.");
        replace("edgecdn.org.zone", "@                       IN NS   ns1.example.net.",
                "@                       IN NS   ns1.nowhere.net.");
        assertRefused("name server ns1.nowhere.net. (of [edgecdn.org.]) has no A record in any zone");
    }

    @Test
    void glueThatDisagreesWithTheServersOwnZoneIsRefused() throws Exception {
        Checkout.copyOfZones(dir);
        replace("example.org.zone", "IN A    172.30.53.70", "IN A    172.30.53.71");
        assertRefused("glue A [172.30.53.70] for ns1.example.org. in org. differs from [172.30.53.71] in its zone"
                + " example.org.");
    }

    @Test
    void aZoneItsParentDoesNotDelegateIsRefused() throws Exception {
        Checkout.copyOfZones(dir);
        replace("org.zone", "edgecdn                 IN NS   ns1.example.net.\n", "");
        replace("org.zone", "edgecdn                 IN NS   ns2.example.net.\n", "");
        assertRefused("edgecdn.org.zone) is served but org. does not delegate it: no resolver would find it");
    }

    @Test
    void parentAndChildNsSetsMustMatch() throws Exception {
        Checkout.copyOfZones(dir);
        replace("org.zone", "edgecdn                 IN NS   ns1.example.net.",
                "edgecdn                 IN NS   ns1.example.com.");
        assertRefused("edgecdn.org. lists ns1.example.net. at its apex, which the delegation in org."
                + " [ns1.example.com., ns2.example.net.] does not (RFC 1034 §4.2.2) (and 1 more: jdns check ");
    }

    @Test
    void serversMustShareOneSubnet() throws Exception {
        Checkout.copyOfZones(dir);
        replace("org.zone", "172.30.53.70", "10.0.0.70");
        replace("example.org.zone", "172.30.53.70", "10.0.0.70");
        assertRefused("name server ns1.example.org. at 10.0.0.70 is outside 172.30.53.0/24");
    }

    @Test
    void rootHintsMustMatchTheRootZone() throws Exception {
        Checkout.copyOfZones(dir);
        replace("root.hints", "172.30.53.11", "172.30.53.12");
        assertRefused("make them agree");
    }

    @Test
    void twoServerNamesOnOneAddressAreRefused() throws Exception {
        Checkout.copyOfZones(dir);
        replace("org.zone", "172.30.53.70", "172.30.53.60");
        replace("example.org.zone", "172.30.53.70", "172.30.53.60");
        assertRefused("name servers ns1.example.net. and ns1.example.org. share the address 172.30.53.60");
    }

    @Test
    void aBrokenZoneFileIsReportedWithItsLine() throws Exception {
        Checkout.copyOfZones(dir);
        Files.writeString(dir.resolve("example.org.zone"), "www IN A not-an-address\n", StandardOpenOption.APPEND);
        assertRefused("example.org.zone:");
    }

    @Test
    void withoutARootZoneThereIsNoInternet() throws Exception {
        Checkout.copyOfZones(dir);
        Files.delete(dir.resolve("root.zone"));
        assertRefused("no root zone");
    }

    private void replace(String file, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(file));
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    private void assertRefused(String reason) {
        TopologyException e = assertThrows(TopologyException.class, () -> Topology.load(dir));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }
}
