package dev.jdns.resolver;

import dev.jdns.resolver.cache.FakeTicker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.resolver.core.Question;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.ScriptedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** A zone moves to new servers while the resolver still has the old delegation cached. */
class StaleDelegationTest {

    private static final String ROOT = "192.0.2.1";
    private static final String TLD = "192.0.2.10";
    private static final String OLD_SERVER = "192.0.2.170";
    private static final String NEW_SERVER = "192.0.2.171";

    @TempDir
    Path dir;

    @Test
    void whenEveryServerOfACachedCutFailsTheParentIsAskedForAFreshReferral() throws IOException {
        AtomicBoolean moved = new AtomicBoolean();
        FakeZone before = tld(OLD_SERVER);
        FakeZone after = tld(NEW_SERVER);
        FakeZone oldZone = moving("203.0.113.70");
        try (Upstreams upstreams = new Upstreams()) {
            upstreams.serve(ROOT, new FakeZone(".", "test. 86400 NS ns.nic.test.\nns.nic.test. 86400 A " + TLD));
            upstreams.script(TLD, (query, raw, client, socket) ->
                    ScriptedServer.sendUdp(socket, client, (moved.get() ? after : before).answer(query)), null);
            upstreams.script(OLD_SERVER, (query, raw, client, socket) -> {
                if (!moved.get()) {
                    ScriptedServer.sendUdp(socket, client, oldZone.answer(query));
                } // after the move the old server is switched off
            }, null);
            upstreams.serve(NEW_SERVER, moving("203.0.113.71"));
            FakeTicker ticker = new FakeTicker();
            Resolver resolver = new ResolverBuilder()
                    .rootHints(Upstreams.rootHints(dir, ROOT))
                    .hostsFile(dir.resolve("no-hosts"))
                    .upstreamSockets(upstreams.sockets())
                    .client(new DnsClient(Duration.ofMillis(250)))
                    .ticker(ticker)
                    .build();

            assertEquals(List.of("203.0.113.70"), addresses(resolver));
            moved.set(true);
            ticker.advance(Duration.ofSeconds(301)); // the answer expires; the delegation (3600 s) does not

            assertEquals(List.of("203.0.113.71"), addresses(resolver));
            assertEquals(2, upstreams.queriesAt(OLD_SERVER), "the stale cut was tried first");
            assertEquals(2, upstreams.queriesAt(TLD), "then its parent, for the new delegation");
            assertEquals(List.of(". NS", "test. A"), upstreams.questionsAt(ROOT),
                    "the root primed and asked once: the parent's cut was still cached");
        }
    }

    private static List<String> addresses(Resolver resolver) {
        Resolution resolution = resolver.resolve(Question.in(Name.fromConstantString("www.moving.test."), Type.A),
                true);
        assertEquals(Rcode.NOERROR, resolution.rcode());
        return resolution.answer().stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    private static FakeZone tld(String movingServer) {
        return new FakeZone("test.", "moving 3600 NS ns.moving\nns.moving 3600 A " + movingServer + "\n");
    }

    private static FakeZone moving(String wwwAddress) {
        return new FakeZone("moving.test.", "@ NS ns\nns A 192.0.2.170\nwww A " + wwwAddress + "\n");
    }
}
