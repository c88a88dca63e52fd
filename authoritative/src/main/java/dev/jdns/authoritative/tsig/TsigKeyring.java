package dev.jdns.authoritative.tsig;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG keys a server knows, by name (names compare case-insensitively, as DNS names do). One place both the
 * checking of requests and the signing of outbound messages (NOTIFY, later transfers in) look keys up.
 */
public final class TsigKeyring {

    private static final TsigKeyring EMPTY = new TsigKeyring(Map.of());

    private final Map<Name, TsigKey> keys;
    private final Map<Name, TSIG> signers;

    private TsigKeyring(Map<Name, TsigKey> keys) {
        this.keys = Map.copyOf(keys);
        Map<Name, TSIG> built = new LinkedHashMap<>();
        keys.forEach((name, key) -> built.put(name, key.tsig()));
        this.signers = Map.copyOf(built);
    }

    public static TsigKeyring empty() {
        return EMPTY;
    }

    /**
     * @throws IllegalArgumentException when two keys share a name but not their algorithm and secret: which one a
     *         peer means cannot be known
     */
    public static TsigKeyring of(Collection<TsigKey> keys) {
        Map<Name, TsigKey> byName = new LinkedHashMap<>();
        for (TsigKey key : keys) {
            TsigKey previous = byName.putIfAbsent(key.name(), key);
            if (previous != null && !previous.equals(key)) {
                throw new IllegalArgumentException("TSIG key " + key.name() + " is defined twice, differently");
            }
        }
        return new TsigKeyring(byName);
    }

    public Optional<TsigKey> key(Name name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** dnsjava's signer for the key {@code name} (built once: it holds the parsed secret). */
    public Optional<TSIG> signer(Name name) {
        return Optional.ofNullable(signers.get(name));
    }

    public Set<Name> names() {
        return keys.keySet();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    @Override
    public String toString() {
        return "TSIG keys " + keys.keySet();
    }
}
