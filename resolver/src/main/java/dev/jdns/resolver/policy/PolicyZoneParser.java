package dev.jdns.resolver.policy;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Reads a response policy zone file (draft-vixie-dnsop-dns-rpz) with dnsjava's zone-file parser. The zone's origin
 * is the owner of its SOA, which must be the first record (set {@code $ORIGIN} or write absolute names); each
 * name below the origin is a QNAME trigger for that name with the origin removed ({@code bad.example.rpz.local.}
 * triggers on {@code bad.example.}). Triggers of the other kinds (names ending in {@code rpz-ip},
 * {@code rpz-nsdname}, {@code rpz-nsip}, {@code rpz-client-ip}) are not supported: they are skipped with a warning,
 * as a resolver without them would do.
 */
public final class PolicyZoneParser {

    private static final Logger LOG = System.getLogger(PolicyZoneParser.class.getName());
    private static final Set<String> OTHER_TRIGGER_KINDS = Set.of("rpz-ip", "rpz-nsdname", "rpz-nsip",
            "rpz-client-ip");
    /** Records of a signed policy zone that are not policy. */
    private static final Set<Integer> DNSSEC_TYPES = Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM,
            Type.DNSKEY);

    private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^[^:]*:(\\d+): ?(.*)$", Pattern.DOTALL);

    private PolicyZoneParser() {}

    /** @throws PolicyZoneException when the file cannot be read or is not a usable policy zone */
    public static PolicyZone parse(Path file) throws PolicyZoneException {
        List<Record> records = read(file);
        if (records.isEmpty() || !(records.getFirst() instanceof SOARecord soa)) {
            throw new PolicyZoneException(file + ": the first record must be the policy zone's SOA");
        }
        Map<Name, List<Record>> byOwner = new LinkedHashMap<>();
        for (Record record : records) {
            if (!record.getName().subdomain(soa.getName())) {
                throw new PolicyZoneException(file + ": " + record.getName() + " is outside the policy zone "
                        + soa.getName());
            }
            if (!DNSSEC_TYPES.contains(record.getType())) {
                byOwner.computeIfAbsent(record.getName().canonicalize(), owner -> new ArrayList<>()).add(record);
            }
        }
        byOwner.remove(soa.getName().canonicalize()); // the apex's SOA and NS describe the zone, they trigger nothing
        Map<Name, PolicyMatch> exact = new HashMap<>();
        Map<Name, PolicyMatch> wildcards = new HashMap<>();
        for (var owner : byOwner.entrySet()) {
            Name trigger = trigger(file, owner.getKey(), soa.getName());
            if (OTHER_TRIGGER_KINDS.contains(trigger.getLabelString(trigger.labels() - 2).toLowerCase())) {
                LOG.log(Level.WARNING, "{0}: {1}: only QNAME triggers are supported, trigger skipped", file,
                        owner.getKey());
                continue;
            }
            PolicyMatch rule = new PolicyMatch(soa.getName(), trigger, action(file, owner.getKey(),
                    owner.getValue()), soa);
            if (trigger.isWild()) {
                wildcards.put(new Name(trigger, 1), rule);
            } else {
                exact.put(trigger, rule);
            }
        }
        return new PolicyZone(soa.getName(), exact, wildcards);
    }

    private static List<Record> read(Path file) throws PolicyZoneException {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(file.toString(), Name.root)) {
            Record record;
            while ((record = master.nextRecord()) != null) {
                records.add(record);
            }
        } catch (IOException | RuntimeException e) {
            // dnsjava's tokenizer says "name:line: reason" with the file's bare name; other failures say what.
            String message = String.valueOf(e.getMessage());
            Matcher located = TOKENIZER_MESSAGE.matcher(message);
            throw new PolicyZoneException(located.matches()
                    ? file + ":" + located.group(1) + ": " + located.group(2) : file + ": " + message, e);
        }
        return records;
    }

    /** {@code owner} with the policy origin removed: the name the trigger applies to. */
    private static Name trigger(Path file, Name owner, Name origin) throws PolicyZoneException {
        try {
            return Name.concatenate(owner.relativize(origin), Name.root);
        } catch (NameTooLongException e) {
            throw new PolicyZoneException(file + ": " + owner + ": " + e.getMessage(), e);
        }
    }

    /** The rule the records at one trigger make; a CNAME must be alone there (RFC 1034 §3.6.2). */
    private static PolicyAction action(Path file, Name owner, List<Record> records) throws PolicyZoneException {
        Map<Integer, RRset> byType = new LinkedHashMap<>();
        for (Record record : records) {
            byType.computeIfAbsent(record.getType(), type -> new RRset()).addRR(record);
        }
        if (byType.containsKey(Type.CNAME) && (byType.size() > 1 || byType.get(Type.CNAME).size() > 1)) {
            throw new PolicyZoneException(file + ": " + owner + ": a CNAME must be the only record at a trigger"
                    + " (RFC 1034 §3.6.2)");
        }
        return PolicyAction.of(List.copyOf(byType.values()));
    }
}
