package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * {@code jdns serve} for dynamic updates, assembled as ServeCommand assembles it, on a loopback socket: a zone file,
 * the update journal and IXFR journal in a state directory, TSIG key {@link #KEY} allowed to update
 * {@code example.com.} from anywhere, transfers allowed to loopback. Closing it and starting another on the same
 * directory is a restart.
 */
final class UpdateServer implements AutoCloseable {

    static final Name ZONE = Name.fromConstantString("example.com.");
    static final TsigKey KEY = TsigKey.of("upd-key", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyIQ==");
    static final TsigKey OTHER = TsigKey.of("other-key", "hmac-sha256", "b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXIhIQ==");

    /** An update waits for the disk (two journals forced) and, queued behind others, for their turn. */
    private static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(20);

    final ZoneStore store;
    private final DnsServer server;
    private final NotifySender notifier;

    UpdateServer(Path zoneFile, Path stateDir) throws Exception {
        UpdateJournal updates = new UpdateJournal(stateDir, Set.of(ZONE));
        store = ZoneStore.load(List.of(zoneFile), Duration.ZERO, System::nanoTime,
                updates.replayingBefore(ZonePreparation.NONE));
        ZoneJournal journal = ZoneJournal.open(stateDir, store.get());
        Map<Name, Acl> allowUpdate = Map.of(ZONE, Acl.parse(List.of("key:upd-key")));
        AccessPolicy access = new AccessPolicy(TsigKeyring.of(List.of(KEY, OTHER)),
                Acl.parse(List.of("127.0.0.0/8")), Acl.NOBODY, allowUpdate);
        notifier = new NotifySender(new DnsClient(), access.keys(), NotifySender.DEFAULT_FIRST_RETRY);
        store.addChangeListener(new PrimaryRole(journal, notifier, Map.of(), Acl.NOBODY, Set.of()));
        UpdateResponder responder = new UpdateResponder(store, allowUpdate, updates, origin -> false);
        server = LoopbackServers.start(AuthoritativeHandler.serving(store).access(access).history(journal)
                .updates(responder).build(), ServerOptions.defaults(), "127.0.0.1");
    }

    InetSocketAddress address() {
        return LoopbackServers.address(server);
    }

    /** Sends {@code update} signed with {@code key} over TCP; the reply, whose signature must verify. */
    Message send(Message update, TsigKey key) {
        TSIG tsig = key.tsig();
        update.setTSIG(tsig, Rcode.NOERROR, null);
        byte[] wire = update.toWire(Message.MAXLENGTH);
        byte[] replyWire = LoopbackClient.tcpRaw(address(), wire, UPDATE_TIMEOUT)
                .orElseThrow(() -> new AssertionError("no reply to the update"));
        Message reply = LoopbackClient.parse(replyWire);
        if (reply.getTSIG() != null && reply.getTSIG().getError() == Rcode.NOERROR) {
            int verified = tsig.verify(reply, replyWire, LoopbackClient.parse(wire).getTSIG());
            if (verified != Rcode.NOERROR) {
                throw new AssertionError("reply signature: " + Rcode.TSIGstring(verified));
            }
        }
        return reply;
    }

    Message send(Message update) {
        return send(update, KEY);
    }

    /** The records of {@code name} {@code type} served now (empty for NXDOMAIN and NODATA). */
    List<Record> lookup(String name, int type) {
        Message reply = LoopbackClient.udp(address(), TestQueries.query(name, type))
                .orElseThrow(() -> new AssertionError("no answer for " + name));
        return reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
    }

    long serial() {
        return ((SOARecord) lookup("example.com.", Type.SOA).getFirst()).getSerial();
    }

    @Override
    public void close() {
        server.close();
        notifier.close();
    }
}
