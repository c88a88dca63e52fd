package dev.jdns.authoritative;

import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import dev.jdns.transport.client.DnsReply;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) for a changed zone to each of its targets over UDP, each from a fresh random port with
 * a random ID ({@link DnsClient}), signed when the target names a key, and retries with doubling waits until the
 * target answers (RFC 1996 §3.6) or {@link #MAX_ATTEMPTS} are spent. An answer with an error rcode ends the
 * retries too: the target heard us and said no, and asking again changes nothing. A newer change of the same zone
 * replaces a delivery still retrying.
 *
 * <p>A signed NOTIFY's answer must carry a valid signature by the same key over our request's MAC (RFC 8945
 * §5.3.2): an unsigned or badly signed answer is not the target's, so it does not count as one and the retries go
 * on (a forged acknowledgement would otherwise stop them and leave the secondary stale until its refresh timer).
 */
public final class NotifySender implements AutoCloseable {

    private static final Logger LOG = System.getLogger(NotifySender.class.getName());

    /** Attempts per target and change: 1 + 4 retries, waits of 1, 2, 4, 8 s by default (about 20 s in all). */
    static final int MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(1);

    private record Delivery(Name zone, NotifyTarget target) {}

    private final DnsClient client;
    private final TsigKeyring keys;
    private final Duration firstRetry;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Delivery, Future<?>> inFlight = new ConcurrentHashMap<>();

    public NotifySender(DnsClient client, TsigKeyring keys, Duration firstRetry) {
        this.client = client;
        this.keys = keys;
        this.firstRetry = firstRetry;
    }

    /** Starts delivering NOTIFY for {@code soa}'s zone to every target; returns at once. */
    public void notifyAll(SOARecord soa, List<NotifyTarget> targets) {
        for (NotifyTarget target : targets) {
            Delivery delivery = new Delivery(soa.getName(), target);
            Future<?> previous = inFlight.put(delivery, threads.submit(() -> deliver(delivery, soa)));
            if (previous != null) {
                previous.cancel(true); // superseded by this newer version
            }
        }
    }

    private void deliver(Delivery delivery, SOARecord soa) {
        Duration wait = firstRetry;
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                if (sendOnce(delivery, soa, attempt)) {
                    return;
                }
                if (attempt < MAX_ATTEMPTS) {
                    Thread.sleep(wait);
                    wait = wait.multipliedBy(2);
                }
            }
            LOG.log(Level.WARNING, "NOTIFY {0} serial {1} to {2}: no answer after {3} attempts, giving up",
                    delivery.zone(), soa.getSerial(), delivery.target(), MAX_ATTEMPTS);
        } catch (InterruptedException superseded) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return true when the target answered (whatever it said), false when it must be asked again */
    private boolean sendOnce(Delivery delivery, SOARecord soa, int attempt) {
        NotifyTarget target = delivery.target();
        try {
            Message notify = notifyMessage(soa, target);
            DnsReply reply = client.exchange(target.address(), notify, Protocol.UDP);
            int tsigError = verifyAnswer(target, notify, reply);
            if (tsigError != Rcode.NOERROR) {
                LOG.log(Level.WARNING, "NOTIFY {0} serial {1} to {2}, attempt {3}: the answer fails TSIG ({4}),"
                        + " not taken as acknowledged", delivery.zone(), soa.getSerial(), target, attempt,
                        reply.message().getTSIG() == null ? "unsigned" : Rcode.TSIGstring(tsigError));
                return false;
            }
            int rcode = reply.message().getRcode();
            LOG.log(rcode == Rcode.NOERROR ? Level.INFO : Level.WARNING, "NOTIFY {0} serial {1} to {2}: {3}",
                    delivery.zone(), soa.getSerial(), target, rcode == Rcode.NOERROR ? "acknowledged"
                            : "answered " + Rcode.string(rcode));
            return true;
        } catch (DnsClientException e) {
            LOG.log(Level.DEBUG, "NOTIFY {0} to {1}, attempt {2}: {3}", delivery.zone(), target, attempt,
                    e.getMessage());
            return false;
        }
    }

    /**
     * NOERROR when {@code notify} was unsigned or its answer is signed by the same key over the request's MAC
     * (RFC 8945 §5.3.2); else the TSIG error (FORMERR for an answer without a signature).
     */
    private int verifyAnswer(NotifyTarget target, Message notify, DnsReply reply) {
        if (target.key().isEmpty()) {
            return Rcode.NOERROR;
        }
        if (reply.signedWire() == null || reply.message().getTSIG() == null) {
            return Rcode.FORMERR;
        }
        return signer(target.key().get()).verify(reply.message(), reply.signedWire(), notify.getTSIG());
    }

    private TSIG signer(Name key) {
        return keys.signer(key).orElseThrow(() -> new IllegalStateException("unknown TSIG key " + key));
    }

    /** RFC 1996 §3.7: opcode NOTIFY, AA, the zone's SOA as the question, the new SOA in the answer. */
    private Message notifyMessage(SOARecord soa, NotifyTarget target) {
        Message message = client.newQuery(Record.newRecord(soa.getName(), Type.SOA, DClass.IN), false);
        message.getHeader().setOpcode(Opcode.NOTIFY);
        message.getHeader().setFlag(Flags.AA);
        message.addRecord(soa, Section.ANSWER);
        target.key().ifPresent(name -> signer(name).apply(message, null));
        return message;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
