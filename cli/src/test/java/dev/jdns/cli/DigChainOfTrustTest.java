package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.dig.DigRun;
import dev.jdns.cli.dig.RealDig;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jdns dig} with DNSSEC over a {@link SignedHierarchy} (NSD serving zones signed by bind9-utils) on loopback:
 * +explain tells the chain of trust and gives the verdict (secure, insecure with its proof, bogus with its reason)
 * that the resolver's own validator gives too; +explain +json carries the same, read back as JSON; +trace +dnssec
 * shows the DS records real {@code dig +trace +dnssec} shows at each level, and DNSKEY sets equal to the servers';
 * +dnssec prints DNSSEC records exactly as dig does.
 */
class DigChainOfTrustTest {

    @TempDir
    static Path dir;

    private static SignedHierarchy hierarchy;

    @BeforeAll
    static void start() throws Exception {
        hierarchy = SignedHierarchy.start(Files.createDirectories(dir.resolve("zones")));
    }

    @AfterAll
    static void stop() {
        if (hierarchy != null) {
            hierarchy.close();
        }
    }

    @Test
    void explainTellsTheChainOfASecureName() {
        String out = explain("www.secure.lab").out();
        assertInOrder(out,
                ";; CHAIN OF TRUST (trust anchor: " + hierarchy.trustAnchor() + ")",
                ";;   zone .:", "trust anchor DS ", "(KSK, ECDSAP256SHA256): digest matches",
                "DNSKEY set (2 keys) signed by a matching key: valid", "=> secure",
                ";;   zone lab.:", "DS set signed by the parent: valid (RRSIG by . key", "digest matches",
                "DNSKEY set (2 keys) signed by a matching key: valid (RRSIG by lab. key", "=> secure",
                ";;   zone secure.lab.:", "DS set signed by the parent: valid (RRSIG by lab. key", "digest matches",
                "=> secure",
                ";;   answer www.secure.lab. A: valid (RRSIG by secure.lab. key",
                ";; DNSSEC verdict: SECURE",
                ";; jdns resolver's validator: SECURE");
    }

    @Test
    void explainNamesTheNsecThatMakesAnUnsignedChildInsecure() {
        String out = explain("www.plain.lab").out();
        assertInOrder(out, ";;   zone lab.:", "=> secure",
                ";;   no DS for plain.lab.: plain.lab.\t\t300\tIN\tNSEC\tsecure.lab. NS RRSIG NSEC (valid (RRSIG by lab.",
                "a delegation without DS",
                ";; DNSSEC verdict: INSECURE: plain.lab.: a delegation without DS", "proven by lab.'s NSEC",
                ";; jdns resolver's validator: INSECURE");
        assertFalse(out.contains(";;   zone plain.lab.:"), out); // the chain ends at the proof
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "www.expired.lab  | 7  | Signature Expired | DNSKEY set (2 keys) signed by a matching key: expired (RRSIG by expired.lab.",
        "www.badds.lab    | 9  | DNSKEY Missing    | a key has this tag and algorithm but its digest differs",
        "www.stripped.lab | 10 | RRSIGs Missing    | answer www.stripped.lab. A: missing",
    })
    void explainSaysWhyABogusNameIsBogus(String name, int ede, String title, String link) {
        String out = explain(name).out();
        assertInOrder(out, link, ";; DNSSEC verdict: BOGUS (EDE " + ede + ", " + title + "): ",
                ";; jdns resolver's validator: BOGUS (EDE " + ede + ", " + title + "): SERVFAIL");
    }

    @Test
    void nsec3DenialIsSecure() {
        String out = explain("missing.nsec3.lab").out();
        assertInOrder(out, ";; Final answer: NXDOMAIN", ";;   zone nsec3.lab.:", "=> secure",
                " NSEC3: valid (RRSIG by nsec3.lab.", ";; DNSSEC verdict: SECURE", ";; jdns resolver's validator: SECURE");
    }

    /** A DNSKEY anchor (the root's KSK file as dnssec-keygen wrote it) starts the chain as its DS does. */
    @Test
    void aDnskeyTrustAnchorWorksAsADsOne() throws IOException {
        Path rootKsk;
        try (var files = Files.list(dir.resolve("zones"))) {
            rootKsk = files.filter(file -> file.getFileName().toString().matches("K\\.\\+013\\+\\d+\\.key"))
                    .filter(file -> readable(file).contains(" 257 3 13 ")).findFirst().orElseThrow();
        }
        DigRun run = DigRun.of("+explain", "+dnssec", "--trust-anchor", rootKsk.toString(), "--root-hints",
                hierarchy.rootHints().toString(), "--upstream-port", Integer.toString(hierarchy.port()), "--hosts",
                "/dev/null", "www.secure.lab");
        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(), ";;   zone .:", "trust anchor DS ", "(KSK, ECDSAP256SHA256): digest matches",
                ";; DNSSEC verdict: SECURE", ";; jdns resolver's validator: SECURE");
    }

    private static String readable(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutTrustAnchorTheVerdictIsIndeterminate() {
        DigRun run = DigRun.of("+explain", "+dnssec", "--root-hints", hierarchy.rootHints().toString(),
                "--upstream-port", Integer.toString(hierarchy.port()), "--hosts", "/dev/null", "www.secure.lab");
        assertEquals(0, run.exit(), run.err());
        assertInOrder(run.out(), ";; CHAIN OF TRUST (trust anchor: none)", ";; DNSSEC verdict: INDETERMINATE: no trust anchor");
    }

    @Test
    void explainJsonCarriesTheSameChain() {
        Map<String, Object> secure = dnssecJson("www.secure.lab");
        assertEquals("SECURE", path(secure, "verdict", "security"));
        assertEquals("SECURE", path(secure, "resolverVerdict", "security"));
        List<?> zones = (List<?>) secure.get("zones");
        assertEquals(List.of(".", "lab.", "secure.lab."), zones.stream().map(zone -> path(zone, "zone")).toList());
        for (Object zone : zones) {
            assertEquals(true, path(path(zone, "ds"), 0, "digestMatches"), zone::toString);
            assertEquals("VALID", path(zone, "dnskeySignature", "result"), zone::toString);
        }
        assertEquals("trust anchor", path(zones.getFirst(), "dsFrom"));
        assertEquals("VALID", path(zones.get(1), "dsSignature", "result"));
        assertEquals("www.secure.lab. A", path(secure, "answer", 0, "rrset"));
        assertEquals("VALID", path(secure, "answer", 0, "result"));

        Map<String, Object> insecure = dnssecJson("www.plain.lab");
        assertEquals("INSECURE", path(insecure, "verdict", "security"));
        assertEquals("UNSIGNED_DELEGATION", path(insecure, "insecureDelegation", "proof"));
        assertEquals("NSEC", path(insecure, "insecureDelegation", "record", "TYPEname"));
        assertEquals("plain.lab.", path(insecure, "insecureDelegation", "record", "NAME"));
        assertEquals("VALID", path(insecure, "insecureDelegation", "signature", "result"));

        Map<String, Object> expired = dnssecJson("www.expired.lab");
        assertEquals("BOGUS", path(expired, "verdict", "security"));
        assertEquals(7L, path(expired, "verdict", "extendedError"));
        assertEquals("Signature Expired", path(expired, "verdict", "extendedErrorName"));
        assertEquals(7L, path(expired, "resolverVerdict", "extendedError"));
        assertEquals("EXPIRED", path(expired, "zones", 2, "dnskeySignature", "result"));
        assertEquals("2020-02-01T00:00:00Z", path(expired, "zones", 2, "dnskeySignature", "expiration"));

        Map<String, Object> badDs = dnssecJson("www.badds.lab");
        assertEquals("DIGEST_DIFFERS", path(badDs, "zones", 2, "ds", 0, "result"));
        assertEquals(9L, path(badDs, "verdict", "extendedError"));
    }

    /**
     * Real dig +trace +dnssec, in a mount namespace whose /etc/hosts names the hierarchy's servers (dig looks their
     * addresses up with the system resolver) and whose resolv.conf points at an unused loopback address: the DS
     * records (with their RRSIGs) and NSEC proofs each server gave are the same in both traces, level by level.
     */
    @ParameterizedTest
    @ValueSource(strings = {"www.secure.lab", "www.plain.lab", "www.nsec3.lab", "missing.nsec3.lab", "www.badds.lab"})
    void traceShowsTheDsRecordsDigTraceShows(String name) throws Exception {
        PeerProcess.requireExecutable("dig");
        String at = "@" + hierarchy.prefix() + ".2";
        String port = Integer.toString(hierarchy.port());
        String dig = digInNamespace("dig +trace +dnssec " + at + " -p " + port + " " + name);
        DigRun jdns = DigRun.of("+trace", "+dnssec", at, "-p", port, name);
        assertEquals(0, jdns.exit(), jdns.err());
        String walk = jdns.out().substring(0, jdns.out().indexOf(";; DNSKEY set of each zone on the way"));

        Map<String, Set<String>> expected = dnssecRecordsByServer(dig);
        assertTrue(expected.values().stream().flatMap(Set::stream).anyMatch(line -> line.contains(" DS ")
                || line.contains(" NSEC")), dig);
        assertEquals(expected, dnssecRecordsByServer(walk), "dig:\n" + dig + "\njdns:\n" + jdns.out());
    }

    /** The DNSKEY sets +trace +dnssec shows after the walk are each zone's, as dig asks the zone's server for it. */
    @Test
    void traceShowsEachZonesDnskeySetAsItsServerGivesIt() throws Exception {
        Path dig = PeerProcess.requireExecutable("dig");
        String port = Integer.toString(hierarchy.port());
        DigRun jdns = DigRun.of("+trace", "+dnssec", "@" + hierarchy.prefix() + ".2", "-p", port, "www.secure.lab");
        String keys = jdns.out().substring(jdns.out().indexOf(";; DNSKEY set of each zone on the way"));
        Map<String, Set<String>> shown = recordsByServer(keys, List.of("DNSKEY", "RRSIG"));
        Map<String, String> servers = Map.of(".", ".2", "lab.", ".3", "secure.lab.", ".4");
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (Map.Entry<String, String> zone : servers.entrySet()) {
            String text = RealDig.run(dig, List.of("@" + hierarchy.prefix() + zone.getValue(), "-p", port, "+norec",
                    "+dnssec", "+noall", "+answer", zone.getKey(), "DNSKEY"));
            expected.put(zone.getKey(), normalised(text.lines().filter(line -> !line.isBlank() && !line.startsWith(";"))
                    .toList()));
        }
        Map<String, Set<String>> byZone = new LinkedHashMap<>();
        shown.values().forEach(lines -> lines.forEach(line -> byZone.computeIfAbsent(line.split(" ")[0],
                owner -> new LinkedHashSet<>()).add(line)));
        assertEquals(expected.keySet(), byZone.keySet(), jdns.out());
        for (String zone : expected.keySet()) {
            assertEquals(expected.get(zone), byZone.get(zone), zone);
            assertTrue(expected.get(zone).stream().anyMatch(line -> line.contains(" RRSIG DNSKEY ")), zone);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".4 www.nsec3.lab TXT", ".4 secure.lab DNSKEY", ".3 secure.lab DS", ".3 www.plain.lab",
        ".4 missing.secure.lab", ".4 www.secure.lab +cd", ".2 . DNSKEY +noadflag"})
    void dnssecRecordsPrintAsDigPrintsThem(String query) throws Exception {
        Path dig = PeerProcess.requireExecutable("dig");
        String[] words = query.split(" ");
        List<String> args = new ArrayList<>(List.of("@" + hierarchy.prefix() + words[0], "-p",
                Integer.toString(hierarchy.port()), "+dnssec", "+norec"));
        args.addAll(Arrays.asList(words).subList(1, words.length));

        String expected = RealDig.normalise(RealDig.run(dig, args));
        DigRun jdns = DigRun.of(args.toArray(String[]::new));

        assertEquals(0, jdns.exit(), jdns.err());
        assertTrue(expected.contains("\tRRSIG\t") || expected.contains(" RRSIG "), expected);
        assertEquals(expected, RealDig.normalise(jdns.out()));
    }

    private static DigRun explain(String name) {
        DigRun run = DigRun.of(explainArgs("+explain", "+dnssec", name));
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    private static String[] explainArgs(String... dig) {
        List<String> args = new ArrayList<>(List.of("--trust-anchor", hierarchy.trustAnchor().toString(),
                "--root-hints", hierarchy.rootHints().toString(), "--upstream-port",
                Integer.toString(hierarchy.port()), "--hosts", "/dev/null"));
        args.addAll(List.of(dig));
        return args.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dnssecJson(String name) {
        DigRun run = DigRun.of(explainArgs("+explain", "+json", name));
        assertEquals(0, run.exit(), run.err());
        Map<String, Object> json = (Map<String, Object>) JsonReader.read(run.out());
        assertTrue(json.containsKey("dnssec"), run.out());
        return (Map<String, Object>) json.get("dnssec");
    }

    /** The value at a path of object keys and array indexes. */
    private static Object path(Object json, Object... steps) {
        Object at = json;
        for (Object step : steps) {
            at = step instanceof Integer index ? ((List<?>) at).get(index) : ((Map<?, ?>) at).get(step);
        }
        return at;
    }

    /** DS, NSEC, NSEC3 records and their RRSIGs, per reply block, keyed by the server named in its Received line. */
    private static Map<String, Set<String>> dnssecRecordsByServer(String trace) {
        return recordsByServer(trace, List.of("DS", "NSEC", "NSEC3", "RRSIG"));
    }

    private static Map<String, Set<String>> recordsByServer(String trace, List<String> types) {
        Map<String, Set<String>> blocks = new LinkedHashMap<>();
        List<String> block = new ArrayList<>();
        for (String line : trace.lines().toList()) {
            if (line.startsWith(";; Received ")) {
                String server = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
                Set<String> kept = normalised(block.stream().filter(record -> types.contains(typeOf(record))
                        && (!typeOf(record).equals("RRSIG") || !record.contains("\tRRSIG\tNS ")
                                && !record.contains("\tRRSIG\tA "))).toList());
                blocks.computeIfAbsent(server, key -> new LinkedHashSet<>()).addAll(kept);
                block.clear();
            } else if (!line.isBlank() && !line.startsWith(";")) {
                block.add(line);
            }
        }
        return blocks;
    }

    private static String typeOf(String record) {
        String[] fields = record.trim().split("\\s+");
        return fields.length > 3 ? fields[3] : "";
    }

    private static Set<String> normalised(List<String> records) {
        Set<String> set = new LinkedHashSet<>();
        records.forEach(record -> set.add(String.join(" ", record.trim().split("\\s+"))));
        return set;
    }

    /**
     * Runs {@code command} in a new user and mount namespace where /etc/hosts names the hierarchy's servers and
     * resolv.conf points at an unused loopback address, so nothing is asked outside loopback.
     */
    private static String digInNamespace(String command) throws IOException, InterruptedException {
        String prefix = hierarchy.prefix();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n" + prefix + ".2 a.root\n"
                + prefix + ".3 ns1.lab\n" + prefix + ".4 ns2.lab\n");
        Path resolv = Files.writeString(dir.resolve("resolv.conf"), "nameserver " + prefix + ".250\n");
        Process process = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                "mount --bind " + hosts + " /etc/hosts && mount --bind " + resolv + " /etc/resolv.conf && exec "
                        + command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        Assumptions.assumeTrue(process.exitValue() == 0 || !output.contains("unshare:") && !output.contains("mount:"),
                "no user and mount namespace here: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static void assertInOrder(String text, String... pieces) {
        int from = 0;
        for (String piece : pieces) {
            int at = text.indexOf(piece, from);
            assertTrue(at >= 0, "missing, or out of order: '" + piece + "' in:\n" + text);
            from = at + piece.length();
        }
    }
}
