package dev.jdns.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.resolver.cache.AnswerCache.Snapshot;
import dev.jdns.resolver.cache.CachedAnswer;
import dev.jdns.resolver.cache.Trust;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** load-cache's reading of a dump: TTLs aged by the time since the dump, expired entries skipped, errors by line. */
class CacheDumpTest {

    private static final String DUMP = """
            ; jdns cache dump
            ; dumped 2026-12-06T16:00:00Z
            ; answer authoritative_answer
            www.example.com.	300	IN	A	192.0.2.10
            www.example.com.	300	IN	A	192.0.2.11
            ; answer non_authoritative_answer
            short.example.com.	50	IN	A	192.0.2.12
            ; nodata www.example.com. IN AAAA
            example.com.	250	IN	SOA	ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
            """;

    @Test
    void entriesExpireWhenTheyWouldHaveHadTheResolverKeptRunning() throws Exception {
        List<Snapshot> restored = new ArrayList<>();
        Clock hundredSecondsLater = Clock.fixed(Instant.parse("2026-12-06T16:01:40Z"), ZoneOffset.UTC);
        CacheDump.Loaded loaded = CacheDump.read(lines(DUMP), hundredSecondsLater, restored::add);

        assertEquals(new CacheDump.Loaded(2, 1, 0), loaded, "short.example.com had 50 s left");
        CachedAnswer.Positive www = (CachedAnswer.Positive) restored.getFirst().answer();
        assertEquals(200, www.rrset().getTTL());
        assertEquals(2, www.rrset().size());
        assertEquals(Trust.AUTHORITATIVE_ANSWER, restored.getFirst().trust());
        Snapshot nodata = restored.get(1);
        assertEquals(Type.AAAA, nodata.type());
        assertEquals(150, ((CachedAnswer.NoData) nodata.answer()).soa().getTTL());
    }

    @Test
    void aBrokenLineIsAnErrorWithItsNumber() {
        ControlException e = assertThrows(ControlException.class, () -> CacheDump.read(
                lines("; answer authoritative_answer\nwww.example.com. 300 IN A not-an-address\n"),
                Clock.systemUTC(), entry -> true));
        assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
    }

    private static ControlCommands.Data lines(String text) {
        Iterator<String> lines = text.lines().iterator();
        return () -> lines.hasNext() ? lines.next() : null;
    }
}
