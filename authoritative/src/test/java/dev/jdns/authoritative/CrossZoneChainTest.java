package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1034 §4.3.2 step 3a restarts at step 1, which picks the nearest zone among all zones held: a CNAME chain
 * that leaves one zone is followed into any other zone this server serves (a child, its parent, an unrelated zone),
 * with the negative answer's SOA from the zone where the chain ends, and loops across zones still bounded.
 */
class CrossZoneChainTest {

    @TempDir
    Path dir;

    private ZoneCatalog catalog() throws Exception {
        LoadedZone parent = ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @        NS    ns1
                ns1      A     192.0.2.53
                www      A     192.0.2.80
                sub      NS    ns1.sub
                ns1.sub  A     192.0.2.1
                to-sub   CNAME www.sub
                to-nx    CNAME nothing.sub
                to-org   CNAME www.example.org.
                ping     CNAME pong.sub
                """);
        LoadedZone child = ZoneTexts.load(dir, "sub.example.com.zone", """
                @ 600 IN SOA ns1 hostmaster 1 7200 3600 1209600 60
                @        NS    ns1
                ns1      A     192.0.2.1
                www      A     192.0.2.100
                back     CNAME www.example.com.
                pong     CNAME ping.example.com.
                """);
        LoadedZone other = ZoneTexts.load(dir, "example.org.zone", ZoneTexts.SOA + """
                @        NS    ns.example.com.
                www      CNAME www.sub.example.com.
                """);
        return ZoneCatalog.of(List.of(parent, child, other));
    }

    @TestFactory
    Stream<DynamicTest> chainsFollowedAcrossServedZones() throws Exception {
        return AnswerTable.rows(catalog(), """
                # Parent to child: the child answers for the target, not a referral.
                to-sub.example.com. A  | NOERROR aa | to-sub.example.com. CNAME www.sub.example.com.; www.sub.example.com. A 192.0.2.100
                # Child back to parent.
                back.sub.example.com. A | NOERROR aa | back.sub.example.com. CNAME www.example.com.; www.example.com. A 192.0.2.80
                # The chain ends in the child with no such name: NXDOMAIN and the child's SOA (RFC 2308 §2.1).
                to-nx.example.com. A   | NXDOMAIN aa | to-nx.example.com. CNAME nothing.sub.example.com. | sub.example.com. SOA
                # Through an unrelated zone and back into the child.
                to-org.example.com. A  | NOERROR aa | to-org.example.com. CNAME www.example.org.; www.example.org. CNAME www.sub.example.com.; www.sub.example.com. A 192.0.2.100
                # A loop across zones stops once the chain revisits a name.
                ping.example.com. A    | NOERROR aa | ping.example.com. CNAME pong.sub.example.com.; pong.sub.example.com. CNAME ping.example.com.
                """);
    }
}
