package dev.jdns.authoritative.tsig;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A shared secret for TSIG (RFC 8945): its name, its HMAC algorithm and the secret octets. The HMAC itself is
 * dnsjava's {@link TSIG}; this is what the command line and key files name.
 *
 * @param name      the key's name, as client and server both write it in the TSIG record
 * @param algorithm one of {@link #ALGORITHMS}' values
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {

    /**
     * The algorithms accepted, by the names {@code tsig-keygen} and the flags use. RFC 8945 §6 makes
     * hmac-sha256 mandatory and hmac-sha1 required for compatibility; hmac-sha512 is what many operators pick.
     * HMAC-MD5 is left out on purpose.
     */
    public static final Map<String, Name> ALGORITHMS = Map.of(
            "hmac-sha1", TSIG.HMAC_SHA1,
            "hmac-sha256", TSIG.HMAC_SHA256,
            "hmac-sha512", TSIG.HMAC_SHA512);

    public TsigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        if (!ALGORITHMS.containsValue(algorithm)) {
            throw new IllegalArgumentException("unsupported TSIG algorithm " + algorithm);
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("TSIG key " + name + " has an empty secret");
        }
        secret = secret.clone();
    }

    /** A key from its parts as written in a flag or a key file; the message of the exception says what is wrong. */
    public static TsigKey of(String name, String algorithm, String base64Secret) {
        Name algorithmName = ALGORITHMS.get(algorithm.toLowerCase(Locale.ROOT));
        if (algorithmName == null) {
            throw new IllegalArgumentException("unsupported TSIG algorithm '" + algorithm + "' (use one of "
                    + String.join(", ", ALGORITHMS.keySet().stream().sorted().toList()) + ")");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Secret.replaceAll("\\s", "")); // BIND allows spaces
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TSIG key " + name + ": the secret is not Base64");
        }
        return new TsigKey(keyName(name), algorithmName, secret);
    }

    /** {@code NAME:ALGORITHM:BASE64}, the form of {@code --key} (and of {@code dig -y}). */
    public static TsigKey parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("expected NAME:ALGORITHM:BASE64, got '" + text + "'");
        }
        return of(parts[0], parts[1], parts[2]);
    }

    /** A key name as written by people: relative names are taken from the root, as BIND does. */
    static Name keyName(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad TSIG key name '" + text + "': " + e.getMessage());
        }
    }

    /** dnsjava's signer and verifier for this key. */
    public TSIG tsig() {
        return new TSIG(algorithm, name, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TsigKey key && name.equals(key.name) && algorithm.equals(key.algorithm)
                && java.util.Arrays.equals(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, algorithm);
    }

    /** Never the secret: keys end up in logs and exception messages. */
    @Override
    public String toString() {
        return "TSIG key " + name + " (" + TSIG.nameToAlgorithm(algorithm) + ")";
    }
}
