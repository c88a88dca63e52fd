package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.Cidr;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Who may do something (transfer a zone, send NOTIFY, update): a list of entries, any of which admits a request.
 * An entry is a CIDR, {@code key:NAME} (signed with that TSIG key, verified), {@code CIDR+key:NAME} (both), or
 * {@code none}. An empty list, or only {@code none}, admits nobody.
 */
public record Acl(List<Entry> entries) {

    /** Admits nobody. */
    public static final Acl NOBODY = new Acl(List.of());

    public Acl {
        entries = List.copyOf(entries);
    }

    /** One rule: an address block, a key, both, or neither ({@code none}: never matches). */
    public record Entry(Optional<Cidr> block, Optional<Name> key, boolean none) {

        private static final String KEY_PREFIX = "key:";

        public Entry {
            if (!none && block.isEmpty() && key.isEmpty()) {
                throw new IllegalArgumentException("an ACL entry names an address block, a key or both");
            }
        }

        /** {@code CIDR}, {@code key:NAME}, {@code CIDR+key:NAME} or {@code none}. */
        public static Entry parse(String text) {
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("none")) {
                return new Entry(Optional.empty(), Optional.empty(), true);
            }
            int plus = trimmed.indexOf('+');
            String blockText = plus < 0 ? (isKey(trimmed) ? null : trimmed) : trimmed.substring(0, plus);
            String keyText = plus < 0 ? (isKey(trimmed) ? trimmed : null) : trimmed.substring(plus + 1);
            if (keyText != null && !isKey(keyText)) {
                throw new IllegalArgumentException("expected CIDR, key:NAME, CIDR+key:NAME or none, got '" + text
                        + "'");
            }
            Optional<Cidr> block = Optional.ofNullable(blockText).map(Cidr::parse);
            Optional<Name> key = Optional.ofNullable(keyText).map(k -> keyName(k.substring(KEY_PREFIX.length())));
            return new Entry(block, key, false);
        }

        private static boolean isKey(String text) {
            return text.toLowerCase(Locale.ROOT).startsWith(KEY_PREFIX);
        }

        private static Name keyName(String text) {
            try {
                return Name.fromString(text, Name.root);
            } catch (TextParseException e) {
                throw new IllegalArgumentException("bad key name '" + text + "': " + e.getMessage());
            }
        }

        boolean admits(InetAddress client, Optional<Name> verifiedKey) {
            if (none) {
                return false;
            }
            return block.map(b -> b.contains(client)).orElse(true)
                    && key.map(k -> verifiedKey.filter(k::equals).isPresent()).orElse(true);
        }

        @Override
        public String toString() {
            if (none) {
                return "none";
            }
            return block.map(Cidr::toString).orElse("") + (block.isPresent() && key.isPresent() ? "+" : "")
                    + key.map(k -> KEY_PREFIX + k).orElse("");
        }
    }

    /** Each text one entry (a flag given several times). */
    public static Acl parse(Collection<String> texts) {
        return new Acl(texts.stream().map(Entry::parse).toList());
    }

    /** Address blocks alone, as {@code --allow-transfer CIDR} was before keys. */
    public static Acl ofBlocks(Collection<Cidr> blocks) {
        return new Acl(blocks.stream().map(b -> new Entry(Optional.of(b), Optional.empty(), false)).toList());
    }

    /**
     * Whether a request from {@code client}, verified as signed with {@code verifiedKey} (empty: unsigned), is
     * admitted. A request whose signature failed never gets here: it is answered NOTAUTH first (RFC 8945 §5.2).
     */
    public boolean admits(InetAddress client, Optional<Name> verifiedKey) {
        return entries.stream().anyMatch(entry -> entry.admits(client, verifiedKey));
    }

    /**
     * The first entry whose address block holds {@code address}, if any: a secondary we would transfer to by
     * address, and the key it is expected to use.
     */
    public Optional<Entry> entryForAddress(InetAddress address) {
        return entries.stream().filter(e -> e.block().filter(b -> b.contains(address)).isPresent()).findFirst();
    }

    /** @throws IllegalArgumentException naming the first key no entry's name is in {@code keys} */
    public void requireKeysIn(TsigKeyring keys) {
        for (Entry entry : entries) {
            entry.key().filter(k -> keys.key(k).isEmpty()).ifPresent(k -> {
                throw new IllegalArgumentException("unknown TSIG key " + k + " in '" + entry
                        + "' (give it with --key or --key-file)");
            });
        }
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "none" : entries.stream().map(Entry::toString).collect(Collectors.joining(" "));
    }
}
