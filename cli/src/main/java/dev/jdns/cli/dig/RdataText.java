package dev.jdns.cli.dig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;

/**
 * A record's data in presentation format as dig prints it. dnsjava's text is BIND's except for TXT and SPF, where
 * dnsjava leaves strings without spaces unquoted (dig quotes every character-string, RFC 1035 §5.1), and AAAA,
 * where dnsjava writes all eight groups (dig writes the RFC 5952 §4 canonical form).
 */
final class RdataText {

    private RdataText() {
    }

    static String of(Record record) {
        return switch (record) {
            case TXTRecord txt -> strings(txt.getStringsAsByteArrays());
            case SPFRecord spf -> strings(spf.getStringsAsByteArrays());
            case AAAARecord aaaa -> ipv6(aaaa.getAddress());
            default -> record.rdataToString();
        };
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
