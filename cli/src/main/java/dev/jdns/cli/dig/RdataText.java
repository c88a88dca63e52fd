package dev.jdns.cli.dig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;

/**
 * A record's data in presentation format as dig prints it. dnsjava's text is BIND's except for TXT and SPF, where
 * dnsjava leaves strings without spaces unquoted (dig quotes every character-string, RFC 1035 §5.1), AAAA,
 * where dnsjava writes all eight groups (dig writes the RFC 5952 §4 canonical form), and the DNSSEC records' keys,
 * signatures and digests, which dig cuts into pieces of {@value #BLOB_PIECE} characters separated by spaces.
 */
final class RdataText {

    /** BIND's line width for base64 and hex fields on one line (its text style's width 60, less 2 for margins). */
    static final int BLOB_PIECE = 56;

    private RdataText() {
    }

    static String of(Record record) {
        return switch (record) {
            case TXTRecord txt -> strings(txt.getStringsAsByteArrays());
            case SPFRecord spf -> strings(spf.getStringsAsByteArrays());
            case AAAARecord aaaa -> ipv6(aaaa.getAddress());
            // The key, signature or digest is the last field (RFC 4034 §2.2, §3.2, §5.3).
            case DNSKEYRecord key -> blobLast(key.rdataToString());
            case RRSIGRecord sig -> blobLast(sig.rdataToString());
            case DSRecord ds -> blobLast(ds.rdataToString());
            default -> record.rdataToString();
        };
    }

    /** The last field of {@code text} cut into {@value #BLOB_PIECE}-character pieces, as BIND prints it. */
    private static String blobLast(String text) {
        int space = text.lastIndexOf(' ');
        String blob = text.substring(space + 1);
        StringBuilder pieces = new StringBuilder(text.substring(0, space + 1));
        for (int at = 0; at < blob.length(); at += BLOB_PIECE) {
            pieces.append(at == 0 ? "" : " ").append(blob, at, Math.min(blob.length(), at + BLOB_PIECE));
        }
        return pieces.toString();
    }

    private static String strings(List<byte[]> strings) {
        return strings.stream().map(RdataText::quoted).collect(Collectors.joining(" "));
    }

    /**
     * RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups (the first of equal
     * runs) as "::"; an IPv4-mapped address keeps its dotted tail (§5).
     */
    static String ipv6(InetAddress address) {
        if (address instanceof Inet4Address mapped) { // Java turns ::ffff:a.b.c.d into an IPv4 address
            return "::ffff:" + mapped.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code "..."} with '"' and '\' escaped and bytes outside printable ASCII as \DDD, as BIND writes them. */
    private static String quoted(byte[] string) {
        StringBuilder text = new StringBuilder("\"");
        for (byte b : string) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                text.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                text.append(String.format("\\%03d", c));
            } else {
                text.append((char) c);
            }
        }
        return text.append('"').toString();
    }
}
