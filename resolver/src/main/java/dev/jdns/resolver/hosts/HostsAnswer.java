package dev.jdns.resolver.hosts;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The hosts file's answer for a name it owns: the records of the asked type, or none (NODATA: the name exists in
 * the hosts file but has no data of that type, as with Unbound's local-data).
 */
public record HostsAnswer(List<Record> records) {

    public HostsAnswer {
        records = List.copyOf(records);
    }

    public boolean noData() {
        return records.isEmpty();
    }
}
