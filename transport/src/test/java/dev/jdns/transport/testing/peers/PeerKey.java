package dev.jdns.transport.testing.peers;

import java.security.SecureRandom;
import java.util.Base64;

/** A TSIG key as peers' configurations write it: name, algorithm (hmac-sha256...), Base64 secret. */
public record PeerKey(String name, String algorithm, String secret) {

    /** A fresh random 32-octet key. */
    public static PeerKey random(String name, String algorithm) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new PeerKey(name, algorithm, Base64.getEncoder().encodeToString(secret));
    }

    /** {@code NAME:ALGORITHM:BASE64}, as jdns --key and dig -y take it. */
    public String spec() {
        return name + ":" + algorithm + ":" + secret;
    }

    /** {@code ALGORITHM:NAME:BASE64}, as dig -y and kdig -y take it. */
    public String digSpec() {
        return algorithm + ":" + name + ":" + secret;
    }
}
