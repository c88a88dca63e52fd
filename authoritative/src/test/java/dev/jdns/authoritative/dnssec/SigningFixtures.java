package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneLoader;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** A zone with every shape a signer must get right, and the tools to write a signed zone out and check it. */
final class SigningFixtures {

    static final Name ORIGIN = Name.fromConstantString("signed.example.");

    /**
     * Apex data, a wildcard, an empty non-terminal (b.c), a secure delegation (with DS and in-zone glue), an
     * insecure one with glue at and below the cut, one under an empty non-terminal (only an insecure delegation
     * below it: opt-out leaves both out), a CNAME and a DNAME.
     */
    static final String ZONE = """
            $ORIGIN signed.example.
            @        3600 IN SOA ns1 hostmaster 2026120601 7200 3600 1209600 300
            @        3600 IN NS  ns1
            @        3600 IN NS  ns2
            @        3600 IN MX  10 mail
            ns1      3600 IN A   192.0.2.1
            ns2      3600 IN AAAA 2001:db8::2
            mail     3600 IN A   192.0.2.25
            www      3600 IN A   192.0.2.80
            www      3600 IN A   192.0.2.81
            *.wild   3600 IN TXT "wildcard"
            a.b.c    3600 IN A   192.0.2.3
            alias    3600 IN CNAME www
            old      3600 IN DNAME new.example.
            secure   3600 IN NS  ns.secure
            secure   3600 IN DS  12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE2FA2EEDD21F54B6B7EDF1C20
            ns.secure 3600 IN A  192.0.2.53
            insecure 3600 IN NS  insecure
            insecure 3600 IN A   192.0.2.54
            insecure 3600 IN NS  ns.deep.insecure
            ns.deep.insecure 3600 IN A 192.0.2.55
            x.ent    3600 IN NS  ns.elsewhere.example.
            """;

    private SigningFixtures() {}

    static LoadedZone load(Path dir, String text) throws IOException, ZoneLoadException {
        Path file = dir.resolve("signed.example.zone");
        Files.writeString(file, text);
        return ZoneLoader.load(file);
    }

    /** Every record of {@code zone}, one per line in canonical order: a file NSD and dnssec-verify read. */
    static String text(LoadedZone zone) {
        StringBuilder out = new StringBuilder();
        for (Name name : new TreeSet<>(zone.owners())) {
            zone.rrsets(name).values().forEach(set -> set.records().forEach(r -> out.append(r).append('\n')));
        }
        return out.toString();
    }

    static Path write(Path dir, String fileName, LoadedZone zone) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, text(zone));
        return file;
    }

    static List<Record> records(LoadedZone zone) {
        return zone.owners().stream()
                .flatMap(name -> zone.rrsets(name).values().stream())
                .flatMap(set -> set.records().stream())
                .toList();
    }

    /** What {@code dnssec-verify -o ORIGIN FILE} said: its exit code and its output. */
    record Verdict(int exitCode, String output) {}

    /**
     * Runs {@code dnssec-verify}. BIND's tools expect a zone-signing key beside each key-signing key unless told to
     * ignore the SEP flag ({@code -z}): that is how they accept a CSK, which both signs the DNSKEY RRset and the zone.
     */
    static Verdict dnssecVerify(Path file, Name origin, KeyLayout layout) throws IOException, InterruptedException {
        Path tool = PeerProcess.requireExecutable("dnssec-verify");
        List<String> command = new java.util.ArrayList<>(List.of(tool.toString(), "-o", origin.toString()));
        if (layout == KeyLayout.CSK) {
            command.add("-z");
        }
        command.add(file.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dnssec-verify did not finish");
        }
        return new Verdict(process.exitValue(), output);
    }

    /** A clock the test moves; starts at {@code start}. */
    static final class MovableInstant implements InstantSource {
        private final AtomicReference<Instant> now;

        MovableInstant(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(java.time.Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }
}
