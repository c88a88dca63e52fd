package dev.jdns.authoritative.tsig;

import dev.jdns.transport.ReplySigner;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Appends the TSIG record to each rendered reply to one signed request (RFC 8945 §5.3): the first covers the
 * request's MAC and all the TSIG variables, each later message of a transfer covers the previous message's MAC
 * and only the timers (§5.3.1). Every message is signed, which §5.3.1 allows (it asks for at least every 100th).
 * For BADKEY and BADSIG the record carries the error and no MAC, unsigned (§5.2.1, §5.2.2): we cannot, or must
 * not, sign with the key the client named. dnsjava computes every MAC; this only chains and places them.
 *
 * <p>Not thread-safe: one signer per request, used by the one thread sending its replies.
 */
final class TsigReplySigner implements ReplySigner {

    /** A TSIG RR's fixed octets: type, class, TTL, RDLENGTH, time, fudge, MAC size, original ID, error, other len. */
    private static final int FIXED_OCTETS = 10 + 6 + 2 + 2 + 2 + 2 + 2;
    /** The largest MAC we make (HMAC-SHA512) and the largest other data (BADTIME's server time). */
    private static final int LARGEST_MAC = 64;
    private static final int LARGEST_OTHER = 6;

    private final TSIG key;
    private final TSIGRecord request;
    private final int error;
    private TSIGRecord previous;

    /**
     * @param key     the verified key to sign with, or null for an unsigned BADKEY/BADSIG record
     * @param request the request's TSIG record
     * @param error   NOERROR, or the TSIG error to report
     */
    TsigReplySigner(TSIG key, TSIGRecord request, int error) {
        this.key = key;
        this.request = request;
        this.error = error;
    }

    @Override
    public int reserve() {
        return request.getName().length() + request.getAlgorithm().length() + FIXED_OCTETS + LARGEST_MAC
                + LARGEST_OTHER;
    }

    @Override
    public byte[] sign(byte[] rendered) {
        int id = ((rendered[0] & 0xFF) << 8) | (rendered[1] & 0xFF);
        TSIGRecord record = key == null ? unsignedError(id) : signed(rendered, id);
        previous = record;
        byte[] tsig = record.toWire(Section.ADDITIONAL);
        byte[] signed = Arrays.copyOf(rendered, rendered.length + tsig.length);
        System.arraycopy(tsig, 0, signed, rendered.length, tsig.length);
        int additional = (((signed[10] & 0xFF) << 8) | (signed[11] & 0xFF)) + 1;
        signed[10] = (byte) (additional >>> 8);
        signed[11] = (byte) additional;
        return signed;
    }

    private TSIGRecord signed(byte[] rendered, int id) {
        boolean first = previous == null;
        return key.generate(new Message(id), rendered, error, first ? request : previous, first);
    }

    /** §5.2.1/§5.2.2: the key name and algorithm as the client sent them, an empty MAC, the error. */
    private TSIGRecord unsignedError(int id) {
        return new TSIGRecord(request.getName(), DClass.ANY, 0, request.getAlgorithm(), request.getTimeSigned(),
                request.getFudge(), new byte[0], id, error, null);
    }

    /** The TSIG error a signer for a failed request reports, as used in logs. */
    static String errorName(int error) {
        return Rcode.TSIGstring(error);
    }
}
