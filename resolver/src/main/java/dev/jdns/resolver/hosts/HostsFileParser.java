package dev.jdns.resolver.hosts;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;

/**
 * Reads hosts(5) text: "ADDRESS NAME [ALIAS...]" per line, '#' starts a comment. Unlike dnsjava's
 * {@code HostsFileParser} (first address only, no PTR) every address of every line counts: a name listed on
 * several lines gets all of them, in file order. Each address also gets a PTR to the first name of the first line
 * that lists it, as glibc's gethostbyaddr would report. Bad lines are logged and skipped, never fatal.
 */
final class HostsFileParser {

    private static final Logger LOG = System.getLogger(HostsFileParser.class.getName());

    private final long ttl;
    private final String source;
    /** Owner (lower-cased) -> the name as first written, then its addresses in file order, without duplicates. */
    private final Map<Name, Name> spelling = new LinkedHashMap<>();
    private final Map<Name, Set<InetAddress>> addressesByName = new LinkedHashMap<>();
    private final Map<InetAddress, Name> firstNameByAddress = new LinkedHashMap<>();

    private HostsFileParser(long ttl, String source) {
        this.ttl = ttl;
        this.source = source;
    }

    /** {@code source} names the file in log messages. */
    static HostsTable parse(List<String> lines, long ttl, String source) {
        HostsFileParser parser = new HostsFileParser(ttl, source);
        for (int i = 0; i < lines.size(); i++) {
            parser.parseLine(lines.get(i), i + 1);
        }
        return parser.table();
    }

    private void parseLine(String line, int lineNumber) {
        int comment = line.indexOf('#');
        String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
        if (content.isEmpty()) {
            return;
        }
        String[] fields = content.split("\\s+");
        InetAddress address = parseAddress(fields[0]);
        if (address == null || fields.length < 2) {
            LOG.log(Level.WARNING, "{0}:{1}: skipped, not \"ADDRESS NAME...\": {2}", source, lineNumber, line);
            return;
        }
        for (int i = 1; i < fields.length; i++) {
            Name name = parseName(fields[i], lineNumber);
            if (name != null) {
                add(name, address);
            }
        }
    }

    private void add(Name name, InetAddress address) {
        Name key = name.canonicalize();
        spelling.putIfAbsent(key, name);
        addressesByName.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(address);
        firstNameByAddress.putIfAbsent(address, name);
    }

    /** A literal only, never a DNS lookup; scoped IPv6 addresses (fe80::1%lo0) have no meaning in DNS data. */
    private static InetAddress parseAddress(String text) {
        byte[] bytes = Address.toByteArray(text, Address.IPv4);
        if (bytes == null) {
            bytes = Address.toByteArray(text, Address.IPv6);
        }
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private Name parseName(String text, int lineNumber) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            LOG.log(Level.WARNING, "{0}:{1}: skipped bad name {2}: {3}", source, lineNumber, text, e.getMessage());
            return null;
        }
    }

    private HostsTable table() {
        Map<Name, List<Record>> records = new LinkedHashMap<>();
        addressesByName.forEach((key, addresses) -> {
            List<Record> owned = new ArrayList<>();
            for (InetAddress address : addresses) {
                owned.add(addressRecord(spelling.get(key), address));
            }
            records.put(key, List.copyOf(owned));
        });
        firstNameByAddress.forEach((address, name) -> {
            Name reverse = ReverseMap.fromAddress(address.getAddress());
            Record ptr = new PTRRecord(reverse, DClass.IN, ttl, name);
            // merge, not put: a file may (oddly) also list the reverse name itself as a host name.
            records.merge(reverse.canonicalize(), List.of(ptr), HostsFileParser::concat);
        });
        return new HostsTable(records);
    }

    private static List<Record> concat(List<Record> first, List<Record> second) {
        List<Record> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** 4 octets make an A record, 16 an AAAA (Java reads an IPv4-mapped IPv6 literal as IPv4: it becomes A). */
    private Record addressRecord(Name owner, InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4
                ? new ARecord(owner, DClass.IN, ttl, address)
                : new AAAARecord(owner, DClass.IN, ttl, bytes);
    }
}
