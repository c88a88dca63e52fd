package dev.jdns.transport;

/** Feeds {@link ServerMetrics} from a reply's wire form, without parsing it into objects. */
final class ReplyCount {

    private static final int HEADER = 12;
    private static final int QDCOUNT = 4;
    private static final int FLAGS_LOW = 3;

    private ReplyCount() {}

    static void count(ServerMetrics metrics, Protocol protocol, byte[] reply) {
        if (metrics != ServerMetrics.NONE) {
            metrics.replied(protocol, questionType(reply), reply.length > FLAGS_LOW ? reply[FLAGS_LOW] & 0x0F : 0);
        }
    }

    /** The QTYPE of the first question (RFC 1035 4.1.2), or -1 when there is none or it does not parse. */
    static int questionType(byte[] wire) {
        if (wire.length < HEADER || WireHeader.u16(wire, QDCOUNT) == 0) {
            return -1;
        }
        int end = WireNames.skip(wire, HEADER);
        return end < 0 || end + 2 > wire.length ? -1 : WireHeader.u16(wire, end);
    }
}
