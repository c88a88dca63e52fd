package dev.jdns.transport.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Decides whether received bytes are the reply to a query (RFC 5452 §9.1: ID, question name, type and class must
 * match; the source address and port are checked by the caller, which knows where the bytes came from).
 * Never throws: anything that arrives off the network is untrusted input.
 */
final class ReplyMatcher {

    /** What the bytes turned out to be. Only {@link #ACCEPTED} carries a message. */
    enum Verdict {
        ACCEPTED,
        /** Too short for a header, QR=0 or another opcode: not a reply at all. */
        NOT_A_REPLY,
        /** A reply with someone else's ID: checked before parsing so garbage never reaches the parser. */
        WRONG_ID,
        /** Our ID but the message does not parse. */
        UNPARSEABLE,
        /** Our ID but another question (or none, or several). */
        WRONG_QUESTION,
        /** Our ID and question, but a COOKIE that is not ours (RFC 7873 §5.3): forged, judged by the caller. */
        WRONG_COOKIE
    }

    /** @param signedWire an accepted reply's octets when the query was TSIG-signed (see {@link DnsReply}) */
    record Outcome(Verdict verdict, Message message, String reason, byte[] signedWire) {
        Outcome(Verdict verdict, Message message, String reason) {
            this(verdict, message, reason, null);
        }

        boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    private ReplyMatcher() {}

    static Outcome match(Message query, byte[] data, int length) {
        if (length < Header.LENGTH) {
            return reject(Verdict.NOT_A_REPLY, length + " octets, shorter than a DNS header");
        }
        Outcome notOurs = wrongId(query, data);
        if (notOurs != null) {
            return notOurs;
        }
        boolean isReply = (data[2] & 0x80) != 0;
        if (!isReply) {
            return reject(Verdict.NOT_A_REPLY, "QR=0");
        }
        Message reply;
        try {
            reply = parse(data, length);
        } catch (IOException | RuntimeException e) {
            return reject(Verdict.UNPARSEABLE, "does not parse: " + e.getMessage());
        }
        Outcome outcome = matchParsed(query, reply);
        // Copied only for a signed query: the buffer is reused, and unsigned replies (every resolver query) need none.
        return outcome.accepted() && query.getTSIG() != null
                ? new Outcome(outcome.verdict(), reply, "", Arrays.copyOf(data, length)) : outcome;
    }

    /**
     * A datagram larger than {@code largest} octets, cut by the receive buffer: never parsed. With our ID it counts
     * as a broken reply of ours (UNPARSEABLE), otherwise it is not ours at all.
     */
    static Outcome cutShort(Message query, byte[] data, int largest) {
        Outcome notOurs = wrongId(query, data);
        return notOurs != null ? notOurs : reject(Verdict.UNPARSEABLE, "larger than " + largest + " octets");
    }

    /** WRONG_ID when the ID in the first two octets is not the query's, else null; read before any parsing. */
    private static Outcome wrongId(Message query, byte[] data) {
        int id = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        return id == query.getHeader().getID() ? null
                : reject(Verdict.WRONG_ID, "ID " + id + " instead of " + query.getHeader().getID());
    }

    /** For a reply that was parsed elsewhere (TCP): the same checks after parsing. */
    static Outcome matchParsed(Message query, Message reply) {
        Header header = reply.getHeader();
        if (header.getID() != query.getHeader().getID()) {
            return reject(Verdict.WRONG_ID, "ID " + header.getID() + " instead of " + query.getHeader().getID());
        }
        if (!header.getFlag(Flags.QR) || header.getOpcode() != query.getHeader().getOpcode()) {
            return reject(Verdict.NOT_A_REPLY, "QR=0 or another opcode");
        }
        if (header.getCount(Section.QUESTION) != 1 || !sameQuestion(query.getQuestion(), reply.getQuestion())) {
            return reject(Verdict.WRONG_QUESTION, "question " + reply.getQuestion());
        }
        return new Outcome(Verdict.ACCEPTED, reply, "");
    }

    /** Name compared case-insensitively (RFC 4343 §3; dnsjava's {@code Name.equals} already does that). */
    private static boolean sameQuestion(Record asked, Record echoed) {
        return echoed != null
                && asked.getName().equals(echoed.getName())
                && asked.getType() == echoed.getType()
                && asked.getDClass() == echoed.getDClass();
    }

    private static Message parse(byte[] data, int length) throws IOException {
        Message reply = new Message(ByteBuffer.wrap(data, 0, length));
        requireEncodable(reply);
        return reply;
    }

    /**
     * dnsjava reads some rdata that it cannot write back (found by fuzzing: a WKS record without a service bitmap
     * throws ArrayIndexOutOfBoundsException from {@code rrToWire}), and it compares records by their wire form when
     * it groups them into RRsets. Such a reply would throw later, in the resolver's scrubber, and fail the whole
     * resolution; here it is one malformed reply, and the next server is asked.
     */
    private static void requireEncodable(Message reply) {
        for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
            for (Record record : reply.getSection(section)) {
                record.rdataToWireCanonical();
            }
        }
    }

    private static Outcome reject(Verdict verdict, String reason) {
        return new Outcome(verdict, null, reason);
    }
}
