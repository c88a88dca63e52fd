package dev.jdns.cli;

import dev.jdns.transport.testing.peers.Nsd;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A DNSSEC-signed internet on loopback, signed at test time with bind9-utils ({@code dnssec-keygen},
 * {@code dnssec-signzone}) from the leaves up, each parent holding its children's DS, and served by NSD: the root
 * at {@code 127.R.S.2}, the TLD {@code lab.} at {@code .3}, and every second-level zone at {@code .4}, all on one
 * port. The leaves show each case a validator must tell apart:
 * <ul>
 * <li>{@code secure.lab.}: signed with NSEC, a wildcard at {@code *.wild}, and a chain of {@value #CHAIN_LINKS}
 * CNAMEs {@code c1} to {@code www} whose RRsets each have their valid RRSIG after {@value #FORGED_PER_LINK} forged
 * ones: within the RRSIGs tried per RRset, over the verifications one query may cost; {@code nsec3.lab.}: signed
 * with NSEC3 (no salt, 0 iterations);
 * <li>{@code plain.lab.}: unsigned, no DS in the parent: insecure, proven by the parent's NSEC;
 * <li>{@code expired.lab.}: every signature expired in 2020 (bogus, RFC 8914 Signature Expired);
 * <li>{@code badds.lab.}: the parent's DS matches none of the zone's keys (bogus);
 * <li>{@code stripped.lab.}: {@code www}'s RRSIG removed from the signed zone (bogus, RRSIGs Missing);
 * <li>{@code keytrap.lab.}: KeyTrap-style (CVE-2023-50387): {@value #COLLIDING_KEYS} extra DNSKEYs sharing the ZSK's
 * key tag and algorithm, and {@value #FORGED_SIGNATURES} forged RRSIGs with that tag over a wildcard's A RRset.
 * </ul>
 * Skips the test when NSD or bind9-utils are missing (outside CI).
 */
final class SignedHierarchy implements AutoCloseable {

    static final String TLD = "lab.";
    static final String ADDRESS_OF_WWW = "192.0.2.80";

    static final int COLLIDING_KEYS = 30;
    static final int FORGED_SIGNATURES = 40;
    static final int CHAIN_LINKS = 10;
    static final int FORGED_PER_LINK = 7;

    private final Path dir;
    private final String prefix;
    private final int port;
    private final List<PeerProcess> servers = new ArrayList<>();
    private final Map<String, Path> leaves = new LinkedHashMap<>();
    private PeerProcess leafServer;

    private SignedHierarchy(Path dir, String prefix, int port) {
        this.dir = dir;
        this.prefix = prefix;
        this.port = port;
    }

    static SignedHierarchy start(Path dir) throws IOException, InterruptedException {
        PeerProcess.requireExecutable("dnssec-signzone");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String prefix = "127." + random.nextInt(16, 250) + "." + random.nextInt(1, 250);
        int port = PeerProcess.freeAddress(prefix + ".2").getPort();
        SignedHierarchy hierarchy = new SignedHierarchy(dir, prefix, port);
        try {
            hierarchy.signAndServe();
        } catch (IOException | InterruptedException | RuntimeException e) {
            hierarchy.close();
            throw e;
        }
        return hierarchy;
    }

    private void signAndServe() throws IOException, InterruptedException {
        leaves.put("secure.lab.", forgeChainSignatures(sign("secure.lab.", leaf("secure.lab.") + "*.wild A "
                + ADDRESS_OF_WWW + "\n" + chain(), List.of())));
        leaves.put("nsec3.lab.", sign("nsec3.lab.", leaf("nsec3.lab."), List.of("-3", "-")));
        leaves.put("plain.lab.", write("plain.lab.", leaf("plain.lab.")));
        leaves.put("expired.lab.", sign("expired.lab.", leaf("expired.lab."),
                List.of("-P", "-s", "20200101000000", "-e", "20200201000000")));
        leaves.put("badds.lab.", sign("badds.lab.", leaf("badds.lab."), List.of()));
        leaves.put("stripped.lab.", stripWwwSignature(sign("stripped.lab.", leaf("stripped.lab."), List.of())));
        leaves.put("keytrap.lab.", keyTrap());
        StringBuilder tld = new StringBuilder(zoneHead(TLD)).append("ns1 A ").append(prefix).append(".3\n")
                .append("ns2 A ").append(prefix).append(".4\n");
        for (String leaf : leaves.keySet()) {
            tld.append(leaf).append(" NS ns2.lab.\n");
            if (!leaf.equals("plain.lab.")) {
                String ds = Files.readString(dir.resolve("dsset-" + leaf)).strip();
                tld.append(leaf.equals("badds.lab.") ? corruptDigest(ds) : ds).append('\n');
            }
        }
        Path tldZone = sign(TLD, tld.toString(), List.of());
        String root = "$TTL 3600\n. SOA a.root. hostmaster.root. 1 3600 600 86400 300\n. NS a.root.\n"
                + "a.root. A " + prefix + ".2\n" + "lab. NS ns1.lab.\nns1.lab. A " + prefix + ".3\n"
                + Files.readString(dir.resolve("dsset-lab.")).strip() + "\n";
        Path rootZone = sign(".", root, List.of());
        Files.writeString(trustAnchor(), Files.readString(dir.resolve("dsset-.")));
        Files.writeString(rootHints(), ". 3600000 NS a.root.\na.root. 3600000 A " + prefix + ".2\n");
        servers.add(serve(prefix + ".2", Map.of(".", rootZone), "nsd-root"));
        servers.add(serve(prefix + ".3", Map.of(TLD, tldZone), "nsd-tld"));
        startLeaves();
    }

    /** Stops the server of every leaf zone (the root and TLD servers go on): the leaves are unreachable. */
    void stopLeaves() {
        leafServer.close();
    }

    /** Starts the leaves' server again, on its address and port. */
    void startLeaves() throws IOException, InterruptedException {
        leafServer = serve(prefix + ".4", leaves, "nsd-leaves");
    }

    private String zoneHead(String origin) {
        return "$ORIGIN " + origin + "\n$TTL 3600\n@ SOA ns1.lab. hostmaster.lab. 1 3600 600 86400 300\n"
                + "@ NS " + (origin.equals(TLD) ? "ns1.lab." : "ns2.lab.") + "\n";
    }

    private String leaf(String origin) {
        return zoneHead(origin) + "www A " + ADDRESS_OF_WWW + "\nalias CNAME www\n";
    }

    private Path write(String origin, String text) throws IOException {
        Path file = dir.resolve(fileName(origin));
        Files.writeString(file, text);
        return file;
    }

    /** Keys made (KSK and ZSK, ECDSAP256SHA256), the zone signed; its DS lands in {@code dsset-ORIGIN}. */
    private Path sign(String origin, String text, List<String> options) throws IOException, InterruptedException {
        Path unsigned = write(origin, text);
        run(List.of("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", ".", origin));
        run(List.of("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", ".", origin));
        Path signed = dir.resolve(fileName(origin) + ".signed");
        List<String> command = new ArrayList<>(List.of("dnssec-signzone", "-q", "-S", "-K", ".", "-d", ".", "-O",
                "full", "-o", origin, "-f", signed.toString()));
        command.addAll(options);
        command.add(unsigned.toString());
        run(command);
        return signed;
    }

    /**
     * A zone built to waste a validator's work: keys whose tag collides with the ZSK's (two public-key octets at even
     * RDATA offsets swapped: the tag, a sum of 16-bit words, stays; RFC 4034 Appendix B), signed into the DNSKEY
     * set, and forged signatures with that tag over {@code *.keytrap.lab. A}.
     */
    private Path keyTrap() throws IOException, InterruptedException {
        String origin = "keytrap.lab.";
        // RSA: a modulus with two octets swapped is still a key the signer and validators load (an EC point is not).
        run(List.of("dnssec-keygen", "-q", "-a", "RSASHA256", "-b", "1024", "-f", "KSK", "-K", ".", origin));
        run(List.of("dnssec-keygen", "-q", "-a", "RSASHA256", "-b", "1024", "-K", ".", origin));
        org.xbill.DNS.DNSKEYRecord zsk = zoneSigningKey(origin);
        StringBuilder text = new StringBuilder(leaf(origin)).append("* A ").append(ADDRESS_OF_WWW).append('\n');
        byte[] key = zsk.getKey();
        int first = 10; // inside the modulus, after the exponent's length and value (RFC 3110 §2)
        for (int i = 1, made = 0; made < COLLIDING_KEYS && first + 2 * i < key.length; i++) {
            byte[] colliding = key.clone();
            colliding[first] = key[first + 2 * i];
            colliding[first + 2 * i] = key[first];
            if (colliding[first] != key[first]) {
                text.append(new org.xbill.DNS.DNSKEYRecord(zsk.getName(), zsk.getDClass(), zsk.getTTL(),
                        zsk.getFlags(), zsk.getProtocol(), zsk.getAlgorithm(), colliding)).append('\n');
                made++;
            }
        }
        Path unsigned = write(origin, text.toString());
        Path signed = dir.resolve(fileName(origin) + ".signed");
        run(List.of("dnssec-signzone", "-q", "-P", "-S", "-K", ".", "-d", ".", "-O", "full", "-o", origin, "-f",
                signed.toString(), unsigned.toString()));
        List<String> lines = new ArrayList<>(Files.readAllLines(signed));
        String wildcardSig = lines.stream().filter(line -> line.matches("\\*\\.keytrap\\.lab\\.\\s.*RRSIG\\s+A\\s.*"))
                .findFirst().orElseThrow();
        for (int i = 0; i < FORGED_SIGNATURES; i++) {
            lines.add(forged(wildcardSig, i));
        }
        Files.write(signed, lines);
        return signed;
    }

    private static String chain() {
        StringBuilder text = new StringBuilder();
        for (int link = 1; link <= CHAIN_LINKS; link++) {
            text.append('c').append(link).append(" CNAME ").append(link == CHAIN_LINKS ? "www" : "c" + (link + 1))
                    .append('\n');
        }
        return text.toString();
    }

    /** Forged RRSIGs before each chain link's valid one (NSD serves them in the file's order: each is tried first). */
    private static Path forgeChainSignatures(Path signed) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(signed));
        for (int link = 1; link <= CHAIN_LINKS; link++) {
            String owner = "c" + link + "\\.secure\\.lab\\.\\s.*RRSIG\\s+CNAME\\s.*";
            int valid = java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).matches(owner))
                    .findFirst().orElseThrow();
            String signature = lines.get(valid);
            for (int i = 0; i < FORGED_PER_LINK; i++) {
                lines.add(valid, forged(signature, i));
            }
        }
        Files.write(signed, lines);
        return signed;
    }

    /** {@code signatureLine} with two base64 characters of its signature changed, differently for each {@code i}. */
    private static String forged(String signatureLine, int i) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        int at = signatureLine.length() - 20;
        return signatureLine.substring(0, at) + alphabet.charAt(i % alphabet.length())
                + alphabet.charAt(i / alphabet.length()) + signatureLine.substring(at + 2);
    }

    private org.xbill.DNS.DNSKEYRecord zoneSigningKey(String origin) throws IOException {
        try (var keys = Files.list(dir)) {
            for (Path file : keys.filter(f -> f.getFileName().toString().startsWith("K" + origin + "+"))
                    .filter(f -> f.toString().endsWith(".key")).toList()) {
                try (org.xbill.DNS.Master master = new org.xbill.DNS.Master(file.toString(), null, 3600)) {
                    org.xbill.DNS.Record record = master.nextRecord();
                    if (record instanceof org.xbill.DNS.DNSKEYRecord key && (key.getFlags() & 1) == 0) {
                        return key;
                    }
                }
            }
        }
        throw new IOException("no ZSK made for " + origin);
    }

    private static Path stripWwwSignature(Path signed) throws IOException {
        List<String> kept = Files.readAllLines(signed).stream()
                .filter(line -> !(line.startsWith("www.") && line.matches("\\S+\\s+\\d+\\s+IN\\s+RRSIG\\s+A\\s.*")))
                .toList();
        Files.write(signed, kept);
        return signed;
    }

    /** The same DS with its digest's last hex digit changed: it matches no key. */
    private static String corruptDigest(String ds) {
        char last = ds.charAt(ds.length() - 1);
        return ds.substring(0, ds.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static String fileName(String origin) {
        return origin.equals(".") ? "root.zone" : origin + "zone";
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("signing.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            Assumptions.abort(command + " failed: " + Files.readString(dir.resolve("signing.log")));
        }
    }

    private PeerProcess serve(String host, Map<String, Path> zones, String name)
            throws IOException, InterruptedException {
        return Nsd.start(new InetSocketAddress(host, port), zones, Files.createDirectories(dir.resolve(name)));
    }

    String prefix() {
        return prefix;
    }

    int port() {
        return port;
    }

    Path rootHints() {
        return dir.resolve("root.hints");
    }

    /** The root's DS, as dnssec-signzone wrote it: what both resolvers trust. */
    Path trustAnchor() {
        return dir.resolve("root.anchor");
    }

    /** The servers of each zone cut as {@code ADDR@PORT}, for Unbound's stub zones. */
    Map<String, List<String>> stubs() {
        Map<String, List<String>> stubs = new LinkedHashMap<>();
        stubs.put(".", List.of(prefix + ".2@" + port));
        stubs.put(TLD, List.of(prefix + ".3@" + port));
        for (String leaf : List.of("secure", "nsec3", "plain", "expired", "badds", "stripped", "keytrap")) {
            stubs.put(leaf + ".lab.", List.of(prefix + ".4@" + port));
        }
        return stubs;
    }

    @Override
    public void close() {
        servers.forEach(PeerProcess::close);
        if (leafServer != null) {
            leafServer.close();
        }
    }
}
