package dev.jdns.cli;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;

/**
 * A hosts file as Unbound {@code local-data}: an A or AAAA record for every name of every line, and a PTR from each
 * address to the first name that lists it (what the jdns hosts stage answers).
 */
final class HostsAsLocalData {

    private HostsAsLocalData() {}

    static List<String> of(String hostsText, long ttl) throws UnknownHostException {
        List<String> records = new ArrayList<>();
        Set<String> reversed = new LinkedHashSet<>();
        for (String line : hostsText.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] fields = line.split("\\s+");
            String address = fields[0];
            String type = address.contains(":") ? "AAAA" : "A";
            for (int i = 1; i < fields.length; i++) {
                records.add(fields[i] + ". " + ttl + " IN " + type + " " + address);
            }
            String reverse = ReverseMap.fromAddress(Address.getByAddress(address, family(type))).toString();
            if (reversed.add(reverse)) {
                records.add(reverse + " " + ttl + " IN PTR " + fields[1] + ".");
            }
        }
        return records;
    }

    /** Every owner name the hosts file gives records to (host names, aliases and reverse names). */
    static Set<Name> owners(String hostsText) throws UnknownHostException {
        Set<Name> owners = new HashSet<>();
        for (String record : of(hostsText, 0)) {
            owners.add(Name.fromConstantString(record.substring(0, record.indexOf(' '))));
        }
        return owners;
    }

    private static int family(String type) {
        return type.equals("A") ? Address.IPv4 : Address.IPv6;
    }
}
