package dev.jdns.authoritative;

import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Zones signed at test time by bind9-utils ({@code dnssec-keygen}, {@code dnssec-signzone}), one per algorithm
 * and denial-of-existence flavour, each with every case the DO answer rules distinguish: wildcards, an empty
 * non-terminal, CNAME chains, a DNAME, an unsigned delegation and a signed one (its DS in the parent; the child
 * itself is not served, so questions below it get the referral).
 */
final class SignedZones {

    enum Denial { NSEC, NSEC3, NSEC3_OPT_OUT }

    /** One signed zone: {@code a<algorithm>-<denial>.test.}. */
    record Variant(int algorithm, Denial denial) {
        String origin() {
            return "a" + algorithm + "-" + denial.name().toLowerCase().replace('_', '-') + ".test.";
        }
    }

    /** Every algorithm the issue names (RSASHA256, ECDSAP256SHA256, ED25519) with every denial flavour. */
    static List<Variant> all() {
        List<Variant> out = new ArrayList<>();
        for (int algorithm : new int[] {8, 13, 15}) {
            for (Denial denial : Denial.values()) {
                out.add(new Variant(algorithm, denial));
            }
        }
        return out;
    }

    private static final String TEMPLATE = """
            $TTL 3600
            @           SOA   ns1 hostmaster 1 7200 3600 1209600 300
            @           NS    ns1
            @           A     192.0.2.1
            @           MX    10 mail
            ns1         A     192.0.2.53
            mail        A     192.0.2.25
            mail        AAAA  2001:db8::25
            www         A     192.0.2.80
            www         AAAA  2001:db8::80
            multi       A     192.0.2.81
            multi       A     192.0.2.82
            alias       CNAME alias2
            alias2      CNAME www
            outside     CNAME www.example.org.
            to-nx       CNAME nothing-here
            *.wild      A     192.0.2.100
            *.wild      TXT   "wildcard"
            exists.wild A     192.0.2.101
            *.wcname    CNAME www
            leaf.b.ent  A     192.0.2.110
            dname       DNAME target
            x.target    A     192.0.2.120
            insecure    NS    ns.insecure
            ns.insecure A     192.0.2.200
            far         NS    ns.example.org.
            secure      NS    ns.secure
            ns.secure   A     192.0.2.201
            big         TXT   "%1$s" "%1$s" "%1$s" "%1$s"
            big         TXT   "%2$s" "%2$s" "%2$s" "%2$s"
            """.formatted("a".repeat(250), "b".repeat(30));

    private SignedZones() {}

    /** Signs every variant in {@code dir}: origin -> signed zone file. */
    static Map<String, Path> write(Path dir, List<Variant> variants) throws IOException, InterruptedException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Variant variant : variants) {
            files.put(variant.origin(), sign(Files.createDirectories(dir.resolve(variant.origin())), variant));
        }
        return files;
    }

    private static Path sign(Path dir, Variant variant) throws IOException, InterruptedException {
        String origin = variant.origin();
        String child = "secure." + origin;
        Path childKey = keygen(dir, child, variant.algorithm(), true);
        String ds = run(dir, "dnssec-dsfromkey", "-2", childKey.toString());
        keygen(dir, origin, variant.algorithm(), true);
        keygen(dir, origin, variant.algorithm(), false);
        Path unsigned = dir.resolve("unsigned.zone");
        Files.writeString(unsigned, "$ORIGIN " + origin + "\n" + TEMPLATE + ds);
        Path signed = dir.resolve("signed.zone");
        List<String> command = new ArrayList<>(List.of("dnssec-signzone", "-S", "-K", dir.toString(), "-o", origin,
                "-f", signed.toString()));
        switch (variant.denial()) {
            case NSEC -> { }
            // RFC 9276 §3.1: no salt and no extra iterations.
            case NSEC3 -> command.addAll(List.of("-3", "-", "-H", "0"));
            case NSEC3_OPT_OUT -> command.addAll(List.of("-3", "-", "-H", "0", "-A"));
        }
        command.add(unsigned.toString());
        run(dir, command.toArray(String[]::new));
        return signed;
    }

    /** A key for {@code zone}: a KSK (flags 257) or a ZSK; returns the path of its .key file. */
    private static Path keygen(Path dir, String zone, int algorithm, boolean ksk)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dnssec-keygen", "-q", "-K", dir.toString(),
                "-a", String.valueOf(algorithm)));
        if (algorithm == 8) {
            command.addAll(List.of("-b", ksk ? "2048" : "1024"));
        }
        if (ksk) {
            command.addAll(List.of("-f", "KSK"));
        }
        command.add(zone);
        String base = run(dir, command.toArray(String[]::new)).strip();
        return dir.resolve(base + ".key");
    }

    /** Runs a bind9-utils tool (skipping the test when it is not installed) and returns its standard output. */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        command[0] = PeerProcess.requireExecutable(command[0]).toString();
        Path errors = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(errors.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(errors));
        }
        return out;
    }
}
