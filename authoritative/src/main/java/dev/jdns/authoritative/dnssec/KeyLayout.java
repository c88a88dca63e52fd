package dev.jdns.authoritative.dnssec;

/** Which keys are made for a zone that has none yet: the {@code --dnssec-keys} values. */
public enum KeyLayout {
    /** One combined signing key (flags 257) that signs everything: one key to keep, one DS. */
    CSK,
    /** A key-signing key (257) for the DNSKEY RRset and a zone-signing key (256) for the rest. */
    KSK_ZSK;

    public static KeyLayout fromFlag(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "csk" -> CSK;
            case "ksk-zsk", "ksk+zsk" -> KSK_ZSK;
            default -> throw new IllegalArgumentException("expected csk or ksk-zsk, not '" + value + "'");
        };
    }
}
