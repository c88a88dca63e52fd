package dev.jdns.cli;

import dev.jdns.authoritative.AuthoritativeHandler;
import dev.jdns.authoritative.ZoneStore;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative servers on loopback that write down every question they receive, as "name TYPE" in lower case: to
 * compare what two resolvers tell each server of a hierarchy (QNAME minimisation, RFC 9156). Each server is a
 * jdns authoritative server for one zone file, at its own address; one may deny its empty non-terminals with
 * NXDOMAIN, as some real servers do.
 */
final class RecordingAuthorities implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Map<String, Set<String>> questions = new TreeMap<>();
    private final List<DnsServer> servers = new ArrayList<>();

    RecordingAuthorities(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Serves {@code zoneText} (a zone file with its own $ORIGIN) at {@code address}, recorded under {@code label};
     * the names in {@code deniedEmptyNonTerminals} are answered NXDOMAIN although names exist below them.
     */
    void serve(String label, String address, String origin, String zoneText, Set<Name> deniedEmptyNonTerminals)
            throws Exception {
        Path file = Files.writeString(dir.resolve(label + ".zone"), zoneText);
        AuthoritativeHandler zone = AuthoritativeHandler.serving(ZoneStore.load(List.of(file))).build();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        synchronized (questions) {
            questions.put(label, seen);
        }
        Name apex = Name.fromString(origin);
        QueryHandler recording = query -> {
            Record question = query.message().getQuestion();
            if (question != null) {
                seen.add(question.getName().toString().toLowerCase(Locale.ROOT) + " "
                        + Type.string(question.getType()));
                if (deniedEmptyNonTerminals.contains(question.getName())) {
                    return Response.of(nxdomain(query.message(), zone.handle(query), apex));
                }
            }
            return zone.handle(query);
        };
        DnsServer server = new DnsServer(List.of(new InetSocketAddress(address, port)), recording);
        servers.add(server);
        server.start();
    }

    /** The questions each server received since the last {@link #clear()}, by label, sorted. */
    Map<String, Set<String>> questions() {
        Map<String, Set<String>> copy = new TreeMap<>();
        synchronized (questions) {
            questions.forEach((label, seen) -> copy.put(label, new TreeSet<>(seen)));
        }
        return copy;
    }

    void clear() {
        synchronized (questions) {
            questions.values().forEach(Set::clear);
        }
    }

    /** NXDOMAIN with the zone's SOA, where the zone itself would say NODATA. */
    private static Message nxdomain(Message request, Response correct, Name apex) {
        Message reply = Replies.replyTo(request);
        reply.getHeader().setFlag(Flags.AA);
        reply.getHeader().setRcode(Rcode.NXDOMAIN);
        if (correct instanceof Response.Single single) {
            single.message().getSection(Section.AUTHORITY).stream()
                    .filter(record -> record.getType() == Type.SOA && record.getName().equals(apex))
                    .forEach(soa -> reply.addRecord(soa, Section.AUTHORITY));
        }
        return reply;
    }

    @Override
    public void close() {
        servers.forEach(DnsServer::close);
    }
}
