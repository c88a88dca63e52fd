package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The whole lab in this process: servers on loopback, the resolver on an ephemeral port. */
class LabTest {

    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final DnsClient client = new DnsClient(Duration.ofSeconds(5));

    @Test
    void resolvesTheCnameChainAcrossTldsToItsAddress() throws Exception {
        try (LabNetwork lab = LabNetwork.start(Topology.load(Checkout.zones()), EPHEMERAL)) {
            Message reply = ask(lab, "shop.example.com.", Type.A);
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals(List.of(
                    "shop.example.com. 300 CNAME example.shopfront.net.",
                    "example.shopfront.net. 300 CNAME example.edge.edgecdn.org.",
                    "example.edge.edgecdn.org. 30 A 172.30.53.90"),
                    reply.getSection(Section.ANSWER).stream().map(LabTest::brief).toList());
        }
    }

    @Test
    void theHostsFileShadowsTheZonesAndAddsNames() throws Exception {
        try (LabNetwork lab = LabNetwork.start(Topology.load(Checkout.zones()), EPHEMERAL)) {
            assertEquals("172.30.53.199", onlyAddress(ask(lab, "api.example.com.", Type.A)));
            assertEquals("172.30.53.120", onlyAddress(ask(lab, "printer.office.example.com.", Type.A)));
        }
    }

    @Test
    void thePolicyZoneOfTheFolderRewritesNames() throws Exception {
        try (LabNetwork lab = LabNetwork.start(Topology.load(Checkout.zones()), EPHEMERAL)) {
            assertEquals(Rcode.NXDOMAIN, ask(lab, "ldap.example.net.", Type.A).getRcode());
            Message status = ask(lab, "status.example.com.", Type.TXT);
            assertEquals(List.of("status.example.com. 300 TXT \"rewritten by zones/policy.rpz\""),
                    status.getSection(Section.ANSWER).stream().map(LabTest::brief).toList());
            Message ca = ask(lab, "ca.example.net.", Type.A);
            assertEquals(Rcode.NOERROR, ca.getRcode());
            assertEquals(List.of(), ca.getSection(Section.ANSWER));
        }
    }

    @Test
    void reverseLookupsGoThroughArpaToTheReverseZone() throws Exception {
        try (LabNetwork lab = LabNetwork.start(Topology.load(Checkout.zones()), EPHEMERAL)) {
            Message reply = ask(lab, "60.53.30.172.in-addr.arpa.", Type.PTR);
            assertEquals("ns1.example.net.", reply.getSection(Section.ANSWER).getFirst().rdataToString());
        }
    }

    /** Each listed server answers, authoritatively, the SOA of every zone the topology says it serves. */
    @Test
    void theServersListedAreTheServersOfTheZones() throws Exception {
        Topology topology = Topology.load(Checkout.zones());
        try (LabNetwork lab = LabNetwork.start(topology, EPHEMERAL)) {
            assertEquals(topology.servers(), lab.servers().stream().map(LabNetwork.RunningServer::server).toList());
            for (LabNetwork.RunningServer running : lab.servers()) {
                assertTrue(running.localSocket().getAddress().isLoopbackAddress(), running.toString());
                for (Name origin : running.server().origins()) {
                    Message reply = client.query(running.localSocket(), Record.newRecord(origin, Type.SOA, DClass.IN))
                            .message();
                    assertTrue(reply.getHeader().getFlag(Flags.AA), running + " for " + origin);
                    assertEquals(Type.SOA, reply.getSection(Section.ANSWER).getFirst().getType());
                }
            }
        }
    }

    /**
     * A delegation to an address that no server of the lab has (no zone file for the child) is a failure: the
     * resolver answers SERVFAIL and sends nothing anywhere, since the address is not in its map.
     */
    @Test
    void aDelegationToAnAddressOutsideTheLabFails(@TempDir Path dir) throws Exception {
        Checkout.copyOfZones(dir);
        Files.writeString(dir.resolve("com.zone"), """
                elsewhere               IN NS   ns.elsewhere
                ns.elsewhere            IN A    192.0.2.1
                """, StandardOpenOption.APPEND);
        try (LabNetwork lab = LabNetwork.start(Topology.load(dir), EPHEMERAL)) {
            assertEquals(Rcode.SERVFAIL, ask(lab, "www.elsewhere.com.", Type.A).getRcode());
            assertEquals(Rcode.NOERROR, ask(lab, "www.example.com.", Type.A).getRcode());
        }
    }

    private Message ask(LabNetwork lab, String name, int type) throws Exception {
        Message query = client.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN), true);
        return client.exchange(lab.resolverAddress(), query, Protocol.UDP).message();
    }

    private static String brief(Record record) {
        return record.getName() + " " + record.getTTL() + " " + Type.string(record.getType()) + " "
                + record.rdataToString();
    }

    private static String onlyAddress(Message reply) {
        List<Record> answer = reply.getSection(Section.ANSWER);
        assertEquals(1, answer.size(), answer.toString());
        return answer.getFirst().rdataToString();
    }
}
