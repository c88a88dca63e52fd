package dev.jdns.authoritative.dnssec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Keys on disk in BIND's format, so {@code dnssec-signzone -K DIR}, {@code dnssec-dsfromkey} and friends read
 * them: {@code K<zone>.+013+<tag>.key} holds the DNSKEY in zone-file syntax; {@code K<zone>.+013+<tag>.private}
 * holds the private key as {@code Private-key-format: v1.3} with the ECDSA private scalar in base64 (32 octets,
 * big-endian, as RFC 6605 section 4 encodes ECDSA P-256 keys) and the key's timing (created, published and active
 * from the moment it was made).
 */
final class BindKeyFiles {

    static final String PUBLIC_SUFFIX = ".key";
    static final String PRIVATE_SUFFIX = ".private";
    private static final int P256_SCALAR_LENGTH = 32;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BindKeyFiles() {}

    /** {@code K<zone>.+013+<tag>}: the prefix shared by a key's two files; the zone in lower case, with its dot. */
    static String baseName(Name zone, int algorithm, int tag) {
        return String.format(Locale.ROOT, "%s+%03d+%05d", prefix(zone), algorithm, tag);
    }

    /** {@code K<zone>.}: what every key file name of {@code zone} starts with. */
    static String prefix(Name zone) {
        return "K" + zone.toString().toLowerCase(Locale.ROOT);
    }

    static String publicText(SigningKey key, Instant created) {
        String role = key.keySigning() ? "key-signing" : "zone-signing";
        return "; This is a " + role + " key, keyid " + key.tag() + ", for " + key.dnskey().getName() + "\n"
                + "; Created: " + TIMESTAMP.format(created) + "\n"
                + key.dnskey() + "\n";
    }

    static String privateText(SigningKey key, Instant created) throws GeneralSecurityException {
        int algorithm = key.dnskey().getAlgorithm();
        String stamp = TIMESTAMP.format(created);
        return "Private-key-format: v1.3\n"
                + "Algorithm: " + algorithm + " (" + DNSSEC.Algorithm.string(algorithm) + ")\n"
                + "PrivateKey: " + Base64.getEncoder().encodeToString(scalar(key.privateKey())) + "\n"
                + "Created: " + stamp + "\nPublish: " + stamp + "\nActivate: " + stamp + "\n";
    }

    /** The DNSKEY in a {@code .key} file: its one record, comments aside. */
    static DNSKEYRecord readPublic(Path file, byte[] text) throws IOException {
        try (Master master = new Master(new ByteArrayInputStream(text), Name.root)) {
            Record record = master.nextRecord();
            if (!(record instanceof DNSKEYRecord dnskey)) {
                throw new IOException(file + ": no DNSKEY record");
            }
            return dnskey;
        }
    }

    /** The private key in a {@code .private} file, for the curve of {@code dnskey}. */
    static PrivateKey readPrivate(Path file, String text, DNSKEYRecord dnskey)
            throws IOException, GeneralSecurityException {
        String encoded = field(text, "PrivateKey")
                .orElseThrow(() -> new IOException(file + ": no PrivateKey line"));
        if (dnskey.getAlgorithm() != DNSSEC.Algorithm.ECDSAP256SHA256) {
            throw new IOException(file + ": algorithm " + dnskey.getAlgorithm() + " is not supported (13 is)");
        }
        ECPublicKey publicKey;
        try {
            publicKey = (ECPublicKey) dnskey.getPublicKey();
        } catch (DNSSEC.DNSSECException e) {
            throw new IOException(file + ": its DNSKEY holds no usable public key: " + e.getMessage(), e);
        }
        BigInteger scalar = new BigInteger(1, Base64.getMimeDecoder().decode(encoded));
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(scalar, publicKey.getParams()));
    }

    private static Optional<String> field(String text, String name) {
        return text.lines()
                .filter(line -> line.startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst();
    }

    private static byte[] scalar(PrivateKey key) {
        byte[] raw = ((ECPrivateKey) key).getS().toByteArray();
        byte[] out = new byte[P256_SCALAR_LENGTH];
        // toByteArray is minimal two's complement: a leading sign octet to drop, or fewer octets to left-pad.
        int copied = Math.min(raw.length, P256_SCALAR_LENGTH);
        System.arraycopy(raw, raw.length - copied, out, P256_SCALAR_LENGTH - copied, copied);
        return out;
    }
}
