package dev.jdns.resolver.hosts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The records of one parsed hosts file, by owner name lower-cased: A and AAAA at every host name and alias, PTR at
 * the reverse name of every address. Immutable.
 */
final class HostsTable {

    static final HostsTable EMPTY = new HostsTable(Map.of());

    private final Map<Name, List<Record>> recordsByOwner;

    /** {@code recordsByOwner} keys must be canonical (lower-case) names. */
    HostsTable(Map<Name, List<Record>> recordsByOwner) {
        this.recordsByOwner = Map.copyOf(recordsByOwner);
    }

    /** Empty for names the file does not mention; otherwise the records of {@code type} (ANY: all of them). */
    Optional<HostsAnswer> lookup(Name name, int type) {
        List<Record> owned = recordsByOwner.get(name.canonicalize());
        if (owned == null) {
            return Optional.empty();
        }
        List<Record> matching = type == Type.ANY
                ? owned
                : owned.stream().filter(record -> record.getType() == type).toList();
        return Optional.of(new HostsAnswer(matching));
    }

    int ownerCount() {
        return recordsByOwner.size();
    }
}
