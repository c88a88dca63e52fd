package dev.jdns.authoritative.dnssec;

import dev.jdns.authoritative.StateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.TXTRecord;

/**
 * The zones' DNSSEC keys under {@code <state-dir>/keys/} in BIND's file format ({@link BindKeyFiles}), made when
 * a zone has none: ECDSA P-256 with SHA-256 (algorithm 13, RFC 6605), the algorithm RFC 8624 recommends for
 * signing. Private key files are created with mode 0600 (the directory 0700) before anything is written to them.
 * Whenever a zone's keys are read or made, the DS its parent should publish is written to
 * {@code <state-dir>/<zone>.ds} in zone-file syntax.
 */
public final class KeyStore {

    /** The TTL of DNSKEY records made here. */
    static final long DNSKEY_TTL = 3600;
    private static final int ZONE_KEY = DNSKEYRecord.Flags.ZONE_KEY;
    private static final int SEP = DNSKEYRecord.Flags.SEP_KEY;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path stateDir;
    private final Path keyDir;
    private final KeyLayout layout;
    private final InstantSource clock;

    public KeyStore(Path stateDir, KeyLayout layout, InstantSource clock) {
        this.stateDir = stateDir;
        this.keyDir = stateDir.resolve("keys");
        this.layout = layout;
        this.clock = clock;
    }

    /**
     * The keys of {@code zone}: those on disk (whatever their layout), else new ones in this store's layout.
     * Each key read is checked by signing and verifying with it, so a damaged file stops the zone here rather than
     * producing signatures no one can validate.
     */
    public synchronized ZoneKeys keysFor(Name zone) throws IOException {
        try {
            List<SigningKey> keys = read(zone);
            if (keys.isEmpty()) {
                keys = make(zone);
            }
            ZoneKeys zoneKeys = new ZoneKeys(zone, keys);
            writeDs(zoneKeys);
            return zoneKeys;
        } catch (GeneralSecurityException | DNSSEC.DNSSECException | RuntimeException e) {
            throw new IOException(zone + ": DNSSEC keys in " + keyDir + ": " + e.getMessage(), e);
        }
    }

    /** Where the DS records of {@code zone} are written: {@code <state-dir>/<zone>.ds} ({@code root.ds}). */
    public Path dsFile(Name zone) {
        return stateDir.resolve(StateFiles.stem(zone) + ".ds");
    }

    private List<SigningKey> read(Name zone) throws IOException, GeneralSecurityException {
        List<SigningKey> keys = new ArrayList<>();
        if (!Files.isDirectory(keyDir)) {
            return keys;
        }
        String prefix = BindKeyFiles.prefix(zone) + "+";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyDir, path -> {
            String name = path.getFileName().toString();
            return name.regionMatches(true, 0, prefix, 0, prefix.length())
                    && name.endsWith(BindKeyFiles.PUBLIC_SUFFIX);
        })) {
            for (Path publicFile : files) {
                keys.add(readKey(zone, publicFile));
            }
        }
        return keys;
    }

    private SigningKey readKey(Name zone, Path publicFile) throws IOException, GeneralSecurityException {
        DNSKEYRecord dnskey = BindKeyFiles.readPublic(publicFile, Files.readAllBytes(publicFile));
        if (!dnskey.getName().equals(zone)) {
            throw new IOException(publicFile + ": the key is for " + dnskey.getName() + ", not " + zone);
        }
        String base = publicFile.getFileName().toString();
        Path privateFile = publicFile.resolveSibling(
                base.substring(0, base.length() - BindKeyFiles.PUBLIC_SUFFIX.length()) + BindKeyFiles.PRIVATE_SUFFIX);
        if (!Files.isRegularFile(privateFile)) {
            throw new IOException(publicFile + ": no " + privateFile.getFileName() + " beside it");
        }
        PrivateKey privateKey = BindKeyFiles.readPrivate(privateFile, Files.readString(privateFile), dnskey);
        SigningKey key = new SigningKey(dnskey, privateKey);
        checkPair(key, privateFile);
        return key;
    }

    /** Signs a throw-away RRset and verifies it with the DNSKEY: the two files belong together. */
    private void checkPair(SigningKey key, Path privateFile) throws IOException {
        Instant now = clock.instant();
        RRset probe = new RRset(new TXTRecord(key.dnskey().getName(), DClass.IN, 0, "key check"));
        try {
            RRSIGRecord sig = DNSSEC.sign(probe, key.dnskey(), key.privateKey(), now.minusSeconds(60),
                    now.plusSeconds(60));
            DNSSEC.verify(probe, sig, key.dnskey(), now);
        } catch (DNSSEC.DNSSECException e) {
            throw new IOException(privateFile + ": does not match its DNSKEY: " + e.getMessage(), e);
        }
    }

    private List<SigningKey> make(Name zone)
            throws IOException, GeneralSecurityException, DNSSEC.DNSSECException {
        List<SigningKey> keys = generate(zone, layout).keys();
        for (SigningKey key : keys) {
            save(zone, key);
        }
        return keys;
    }

    /**
     * New keys for {@code zone} in {@code layout}, kept nowhere: what {@code jdns lab --dnssec} signs its simulated
     * internet with on each run (and what this store saves when a zone has no keys yet).
     */
    public static ZoneKeys generate(Name zone, KeyLayout layout)
            throws GeneralSecurityException, DNSSEC.DNSSECException {
        List<SigningKey> keys = new ArrayList<>();
        keys.add(generate(zone, ZONE_KEY | SEP));
        if (layout == KeyLayout.KSK_ZSK) {
            keys.add(generate(zone, ZONE_KEY));
        }
        return new ZoneKeys(zone, keys);
    }

    private static SigningKey generate(Name zone, int flags)
            throws GeneralSecurityException, DNSSEC.DNSSECException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair pair = generator.generateKeyPair();
        DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, DNSKEY_TTL, flags, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
        return new SigningKey(dnskey, pair.getPrivate());
    }

    private void save(Name zone, SigningKey key) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(keyDir)) {
            Files.createDirectories(keyDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Instant created = clock.instant();
        String base = BindKeyFiles.baseName(zone, key.dnskey().getAlgorithm(), key.tag());
        Path privateFile = keyDir.resolve(base + BindKeyFiles.PRIVATE_SUFFIX);
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(privateFile + " exists without its .key file; move it away or restore the .key");
        }
        Files.writeString(privateFile, BindKeyFiles.privateText(key, created));
        // The .key is written last: a key counts as present only once both files are complete.
        writeAtomically(keyDir.resolve(base + BindKeyFiles.PUBLIC_SUFFIX), BindKeyFiles.publicText(key, created));
    }

    private void writeDs(ZoneKeys keys) throws IOException {
        String text = keys.ds().stream().map(ds -> ds + "\n").collect(Collectors.joining());
        Path file = dsFile(keys.zone());
        if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
            return;
        }
        Files.createDirectories(stateDir);
        writeAtomically(file, text);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".tmp-", "-" + file.getFileName());
        Files.writeString(temp, text);
        // Public data (a DNSKEY, a DS): readable by all, as dnssec-keygen leaves a .key file.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
