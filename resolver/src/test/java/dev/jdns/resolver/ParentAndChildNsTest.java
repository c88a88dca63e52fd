package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A zone whose own NS set (at its apex, from its servers) differs from the parent's referral (issue "robust
 * iteration"): the child's set is asked once learnt, the parent's set and glue when all the child's servers fail,
 * and the parent alone decides how long the zone is delegated (no ghost domains, CVE-2012-1191).
 */
class ParentAndChildNsTest {

    private static final String FIRST = "192.0.2.180";
    private static final String EXTRA = "192.0.2.181";
    private static final String DEAD = "192.0.2.182";
    private static final String GHOST = "192.0.2.183";

    @TempDir
    Path dir;
    private SimulatedHierarchy net;

    @AfterEach
    void stop() throws IOException {
        if (net != null) {
            net.close();
        }
    }

    /**
     * The parent lists one server, the child two; once the child's answers have named the second (in their authority
     * section, with its address), the zone keeps answering after the only server the parent knows stops.
     * Failed before the child's set was kept: the parent's one server, then the parent again, then SERVFAIL.
     */
    @Test
    void serversOnlyTheChildListsAreAskedWhenTheParentsServerStops() throws IOException {
        net = new SimulatedHierarchy(dir, "wide 3600 NS ns1.wide\nns1.wide 3600 A " + FIRST + "\n");
        FakeZone wide = new FakeZone("wide.test.", """
                @    NS ns1
                @    NS ns3
                ns1  A  %s
                ns3  A  %s
                www  A  203.0.113.80
                mail A  203.0.113.81
                """.formatted(FIRST, EXTRA)).apexNsInAuthority();
        AtomicBoolean firstStopped = new AtomicBoolean();
        net.upstreams.script(FIRST, (query, raw, client, socket) -> {
            if (!firstStopped.get()) {
                ScriptedServer.sendUdp(socket, client, wide.answer(query));
            }
        }, null).serve(EXTRA, wide);

        assertEquals(List.of("203.0.113.80"), IterationTest.addresses(net.ask("www.wide.test.")));
        assertEquals(0, net.upstreams.queriesAt(EXTRA), "the parent's server answered");
        firstStopped.set(true);

        Resolution mail = net.ask("mail.wide.test.");

        assertEquals(Rcode.NOERROR, mail.rcode());
        assertEquals(List.of("203.0.113.81"), IterationTest.addresses(mail));
        assertTrue(net.upstreams.queriesAt(EXTRA) >= 1);
    }

    /**
     * The child's own NS set names only a dead server; the one that works is listed by the parent alone and is
     * reachable only through the parent's glue. The cut's parent side, cached with that glue, is asked next, without
     * a new referral. Guards the fallback: without it the parent is asked again for every name.
     */
    @Test
    void whenTheChildsServersFailTheParentsSetAndGlueAreAsked() throws IOException {
        net = new SimulatedHierarchy(dir, """
                split 3600 NS ns1.split
                split 3600 NS ns2.split
                ns1.split 3600 A %s
                ns2.split 3600 A %s
                """.formatted(DEAD, FIRST));
        net.upstreams.serve(FIRST, new FakeZone("split.test.", """
                @    NS ns1
                ns1  A  %s
                www  A  203.0.113.82
                mail A  203.0.113.83
                """.formatted(DEAD)).apexNsInAuthority()).silent(DEAD);

        assertEquals(List.of("203.0.113.82"), IterationTest.addresses(net.ask("www.split.test.")));
        int parentQueries = net.upstreams.queriesAt(SimulatedHierarchy.TLD_TEST);
        net.events.clear();

        Resolution mail = net.ask("mail.split.test.");

        assertEquals(Rcode.NOERROR, mail.rcode());
        assertEquals(List.of("203.0.113.83"), IterationTest.addresses(mail));
        assertTrue(net.events.stream().anyMatch(event -> event instanceof ResolutionEvent.ParentSideFallback),
                net.events.toString());
        assertEquals(parentQueries, net.upstreams.queriesAt(SimulatedHierarchy.TLD_TEST), "no new referral");
    }

    /**
     * Ghost domain names: the parent removes the delegation while the child's server goes on answering with an NS
     * set of its own of a long TTL, and is asked again just before the parent's TTL ends. Once the parent's TTL has
     * passed, the name is NXDOMAIN from the parent.
     */
    @Test
    void theChildsNsSetDoesNotKeepADelegationTheParentRemovedAlive() throws IOException {
        AtomicBoolean removed = new AtomicBoolean();
        FakeZone delegating = new FakeZone("test.", "ghost 60 NS ns.ghost\nns.ghost 60 A " + GHOST + "\n");
        FakeZone withoutGhost = new FakeZone("test.", "");
        net = new SimulatedHierarchy(dir);
        net.upstreams.script(SimulatedHierarchy.TLD_TEST, (query, raw, client, socket) -> ScriptedServer.sendUdp(
                socket, client, (removed.get() ? withoutGhost : delegating).answer(query)), null);
        net.upstreams.serve(GHOST, new FakeZone("ghost.test.", """
                @    86400 NS ns
                @    86400 NS ns-renewed
                ns         86400 A %s
                ns-renewed 86400 A %s
                www1 A 203.0.113.84
                www2 A 203.0.113.85
                www3 A 203.0.113.86
                """.formatted(GHOST, GHOST)).apexNsInAuthority());

        assertEquals(List.of("203.0.113.84"), IterationTest.addresses(net.ask("www1.ghost.test.")));
        removed.set(true);
        net.ticker.advance(Duration.ofSeconds(50));
        assertEquals(List.of("203.0.113.85"), IterationTest.addresses(net.ask("www2.ghost.test.")),
                "within the parent's TTL the delegation stands");
        net.ticker.advance(Duration.ofSeconds(11));

        Resolution after = net.ask("www3.ghost.test.");

        assertEquals(Rcode.NXDOMAIN, after.rcode(), after.answer().toString());
    }
}
