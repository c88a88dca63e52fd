package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** RFC 1034 §4.3.2 step 3a: CNAMEs followed inside the zone, the chain in the answer, loops bounded. */
class CnameTest {

    @TempDir
    Path dir;

    private LoadedZone zone() throws Exception {
        StringBuilder text = new StringBuilder(ZoneTexts.SOA).append("""
                @       NS    ns1
                ns1     A     192.0.2.53
                www     CNAME web
                web     CNAME host
                host    A     192.0.2.80
                mx      CNAME mailhost
                mailhost MX   10 host
                ext     CNAME www.example.org.
                dead    CNAME missing
                empty   CNAME ent
                a.ent   A     192.0.2.1
                loop1   CNAME loop2
                loop2   CNAME loop1
                """);
        // A chain longer than the server follows: long0 -> long1 -> ... -> long20 -> host.
        for (int i = 0; i < 20; i++) {
            text.append("long").append(i).append(" CNAME long").append(i + 1).append('\n');
        }
        text.append("long20 CNAME host\n");
        return ZoneTexts.load(dir, "example.com.zone", text.toString());
    }

    @TestFactory
    Stream<DynamicTest> chains() throws Exception {
        return AnswerTable.rows(zone(), """
                www.example.com. A     | NOERROR aa | www.example.com. CNAME web.example.com.; web.example.com. CNAME host.example.com.; host.example.com. A 192.0.2.80
                # Asking for the CNAME itself returns it, unfollowed.
                www.example.com. CNAME | NOERROR aa | www.example.com. CNAME web.example.com.
                # The rcode and SOA speak for the end of the chain (RFC 6604 §3, RFC 2308 §2.1, §2.2).
                www.example.com. AAAA  | NOERROR aa | www.example.com. CNAME web.example.com.; web.example.com. CNAME host.example.com. | example.com. SOA
                dead.example.com. A    | NXDOMAIN aa | dead.example.com. CNAME missing.example.com. | example.com. SOA
                empty.example.com. A   | NOERROR aa | empty.example.com. CNAME ent.example.com. | example.com. SOA
                # A target outside the zone: the chain is the answer; the resolver continues.
                ext.example.com. A     | NOERROR aa | ext.example.com. CNAME www.example.org.
                # Additional processing applies to the final answer of a chain.
                mx.example.com. MX     | NOERROR aa | mx.example.com. CNAME mailhost.example.com.; mailhost.example.com. MX 10 host.example.com. | | host.example.com. A 192.0.2.80
                # A loop stops when a name repeats.
                loop1.example.com. A   | NOERROR aa | loop1.example.com. CNAME loop2.example.com.; loop2.example.com. CNAME loop1.example.com.
                """);
    }

    @Test
    void longChainsStopAtTheLimit() throws Exception {
        LookupResult result = ZoneLookup.lookup(zone(), Name.fromString("long0.example.com."), Type.A);

        LookupResult.Alias alias = assertInstanceOf(LookupResult.Alias.class, result);
        assertEquals(ZoneLookup.MAX_CHAIN_LINKS, alias.chain().size());
        assertEquals(Name.fromString("long16.example.com."), alias.target());
    }

    @Test
    void loopsEndAsAnAliasAtTheRepeatedName() throws Exception {
        LookupResult result = ZoneLookup.lookup(zone(), Name.fromString("loop1.example.com."), Type.A);

        LookupResult.Alias alias = assertInstanceOf(LookupResult.Alias.class, result);
        assertEquals(Name.fromString("loop1.example.com."), alias.target());
    }
}
