package dev.jdns.cli.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.resolver.Resolver;
import dev.jdns.resolver.ResolverBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes as the dump {@code load-cache} sends ({@link CacheDump#read}), restored into a real resolver's
 * cache: the load counts what it did, or fails with one line {@code line N: reason}; never another exception.
 * Random mutations of a real dump run in every build too (fixed seed, bounded count), besides the Jazzer seeds.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/cli/control/CacheDumpFuzzTestInputs/dumps/}; fuzzing: see
 * fuzz/README.md.
 */
class CacheDumpFuzzTest {

    static final String DUMP = """
            ; jdns cache dump
            ; dumped 2026-12-06T16:00:00Z
            ; answer authoritative_answer
            www.example.com.	300	IN	A	192.0.2.10
            www.example.com.	300	IN	A	192.0.2.11
            ; answer secure
            www.example.com.	300	IN	RRSIG	A 13 3 300 20270101000000 20261201000000 12345 example.com. AAAA
            ; nxdomain nope.example.com. IN
            example.com.	250	IN	SOA	ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
            example.com.	250	IN	NSEC	www.example.com. A NS SOA RRSIG NSEC
            ; nodata www.example.com. IN AAAA
            example.com.	250	IN	SOA	ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
            """;
    private static final long SEED = 20261206L;
    private static final int MUTATIONS = 2000;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T16:01:40Z"), ZoneOffset.UTC);
    private static final Resolver RESOLVER = new ResolverBuilder().hostsFile(Path.of("/dev/null")).build();

    @FuzzTest
    void dumps(byte[] data) throws IOException {
        check(new String(data, StandardCharsets.UTF_8));
    }

    @Test
    void randomMutationsOfADumpLoadOrFailWithOneLine() throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < MUTATIONS; i++) {
            check(Mutations.of(DUMP, random));
        }
    }

    static void check(String dump) throws IOException {
        Iterator<String> lines = dump.lines().iterator();
        try {
            CacheDump.Loaded loaded = CacheDump.read(() -> lines.hasNext() ? lines.next() : null, CLOCK,
                    RESOLVER::restore);
            assertTrue(loaded.loaded() >= 0 && loaded.expired() >= 0 && loaded.refused() >= 0, loaded.toString());
        } catch (ControlException e) {
            assertTrue(e.getMessage().matches("(?s)line \\d+: .+"), e.getMessage());
            assertFalse(e.getMessage().chars().anyMatch(c -> c == '\n' || c == '\r'), "one line: " + e.getMessage());
        }
    }
}
