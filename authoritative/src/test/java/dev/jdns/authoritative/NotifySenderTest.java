package dev.jdns.authoritative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.tsig.TsigKey;
import dev.jdns.authoritative.tsig.TsigKeyring;
import dev.jdns.transport.client.DnsClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * NOTIFY (RFC 1996) to a scripted secondary on a loopback UDP socket: the message's shape and TSIG, retries from a
 * fresh port with a fresh ID until answered, an error answer ending the retries, and giving up after the last
 * attempt.
 */
class NotifySenderTest {

    private static final TsigKey KEY = TsigKey.of("notify-key", "hmac-sha256", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    /** The same key name with another secret: what a forger without the secret can sign with. */
    private static final TsigKey WRONG_SECRET = TsigKey.of("notify-key", "hmac-sha256",
            "HxwdGhsZGBcWFRQTEhEQDw4NDAsKCQgHBgUEAwIBAAA=");
    private static final Duration QUIET = Duration.ofMillis(700);

    /** One datagram as the secondary saw it. */
    private record Seen(Message message, byte[] wire, InetSocketAddress from) {}

    private static SOARecord soa(long serial) throws Exception {
        Name origin = Name.fromString("example.com.");
        return new SOARecord(origin, DClass.IN, 3600, Name.fromString("ns1.example.com."),
                Name.fromString("hostmaster.example.com."), serial, 7200, 3600, 1209600, 300);
    }

    private static NotifySender sender() {
        return new NotifySender(new DnsClient(Duration.ofMillis(200)), TsigKeyring.of(List.of(KEY)),
                Duration.ofMillis(20));
    }

    /**
     * Receives NOTIFYs until none arrives for {@link #QUIET} (at most 10), answering the n-th (from 1) with the
     * rcode {@code answer} gives, or not at all when it gives null.
     */
    private static List<Seen> secondary(DatagramSocket socket, IntFunction<Integer> answer) throws Exception {
        return secondary(socket, answer, Optional.of(KEY));
    }

    /** As above, signing each answer to a signed NOTIFY with {@code signer}, or leaving it unsigned (empty). */
    private static List<Seen> secondary(DatagramSocket socket, IntFunction<Integer> answer, Optional<TsigKey> signer)
            throws Exception {
        List<Seen> seen = new ArrayList<>();
        socket.setSoTimeout((int) QUIET.toMillis());
        while (seen.size() < 10) {
            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException quiet) {
                break;
            }
            byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
            Message message = new Message(wire);
            seen.add(new Seen(message, wire, (InetSocketAddress) packet.getSocketAddress()));
            Integer rcode = answer.apply(seen.size());
            if (rcode != null) {
                Message reply = new Message(message.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setOpcode(Opcode.NOTIFY);
                reply.getHeader().setRcode(rcode);
                reply.addRecord(message.getQuestion(), Section.QUESTION);
                if (message.getTSIG() != null && signer.isPresent()) {
                    signer.get().tsig().apply(reply, message.getTSIG());
                }
                byte[] out = reply.toWire();
                socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
            }
        }
        return seen;
    }

    @Test
    void retriesUntilAnsweredEachTimeFromAFreshPortAndSigned() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                NotifySender sender = sender()) {
            InetSocketAddress target = (InetSocketAddress) socket.getLocalSocketAddress();
            sender.notifyAll(soa(7), List.of(new NotifyTarget(target, Optional.of(KEY.name()))));
            List<Seen> seen = secondary(socket, n -> n == 2 ? Rcode.NOERROR : null);
            assertEquals(2, seen.size(), "the first unanswered, the second acknowledged, then silence");
            Message notify = seen.getFirst().message();
            assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
            assertTrue(notify.getHeader().getFlag(Flags.AA));
            assertEquals(Type.SOA, notify.getQuestion().getType());
            assertEquals(7, ((SOARecord) notify.getSection(Section.ANSWER).getFirst()).getSerial());
            for (Seen each : seen) {
                assertEquals(Rcode.NOERROR, KEY.tsig().verify(each.message(), each.wire(), null), "signed");
            }
            assertNotEquals(seen.get(0).from().getPort(), seen.get(1).from().getPort(), "fresh source port");
        }
    }

    /**
     * RFC 8945 §5.3.2: the answer to a signed NOTIFY must be signed with the key over our MAC. One signed with a
     * wrong secret, or not signed, is not an acknowledgement: every attempt is made (before, the first answer
     * ended the retries).
     */
    @ParameterizedTest(name = "answers signed with the wrong secret: {0}")
    @ValueSource(booleans = {true, false})
    void anAnswerWithoutAValidSignatureIsNotAnAcknowledgement(boolean wrongSecret) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                NotifySender sender = sender()) {
            InetSocketAddress target = (InetSocketAddress) socket.getLocalSocketAddress();
            sender.notifyAll(soa(10), List.of(new NotifyTarget(target, Optional.of(KEY.name()))));
            List<Seen> seen = secondary(socket, n -> Rcode.NOERROR,
                    wrongSecret ? Optional.of(WRONG_SECRET) : Optional.empty());
            assertEquals(NotifySender.MAX_ATTEMPTS, seen.size(), "every answer refused, every attempt made");
        }
    }

    @Test
    void anErrorAnswerEndsTheRetries() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                NotifySender sender = sender()) {
            InetSocketAddress target = (InetSocketAddress) socket.getLocalSocketAddress();
            sender.notifyAll(soa(8), List.of(new NotifyTarget(target, Optional.empty())));
            List<Seen> seen = secondary(socket, n -> Rcode.NOTIMP);
            assertEquals(1, seen.size());
            assertEquals(null, seen.getFirst().message().getTSIG(), "unsigned without a key");
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                NotifySender sender = sender()) {
            InetSocketAddress target = (InetSocketAddress) socket.getLocalSocketAddress();
            sender.notifyAll(soa(9), List.of(new NotifyTarget(target, Optional.empty())));
            assertEquals(NotifySender.MAX_ATTEMPTS, secondary(socket, n -> null).size());
        }
    }
}
