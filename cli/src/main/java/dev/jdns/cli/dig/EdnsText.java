package dev.jdns.cli.dig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.OPTRecord;

/** The lines of dig's {@code ;; OPT PSEUDOSECTION:} for a reply's OPT record (RFC 6891 §6.1.3). */
final class EdnsText {

    private EdnsText() {
    }

    static List<String> lines(OPTRecord opt) {
        List<String> lines = new ArrayList<>();
        int flags = opt.getFlags();
        int mustBeZero = flags & ~ExtendedFlags.DO;
        lines.add("; EDNS: version: " + opt.getVersion() + ", flags:" + ((flags & ExtendedFlags.DO) != 0 ? " do" : "")
                + ";" + (mustBeZero != 0 ? String.format(" MBZ: 0x%04x,", mustBeZero) : "")
                + " udp: " + opt.getPayloadSize());
        for (EDNSOption option : opt.getOptions()) {
            lines.add(option(option));
        }
        return lines;
    }

    private static String option(EDNSOption option) {
        byte[] data = option.toWire();
        byte[] payload = java.util.Arrays.copyOfRange(data, 4, data.length); // skip code and length
        return switch (option.getCode()) {
            case EDNSOption.Code.NSID -> "; NSID: " + spacedHex(payload) + " (\"" + printable(payload) + "\")";
            case EDNSOption.Code.COOKIE -> "; COOKIE: " + HexFormat.of().formatHex(payload);
            case EDNSOption.Code.EDNS_EXTENDED_ERROR -> extendedError((ExtendedErrorCodeOption) option);
            default -> "; OPT=" + option.getCode() + ": " + spacedHex(payload) + " (\"" + printable(payload) + "\")";
        };
    }

    /** The titles of RFC 8914 §4's INFO-CODEs, as dig prints them. */
    private static final List<String> EXTENDED_ERROR_TITLES = List.of("Other", "Unsupported DNSKEY Algorithm",
            "Unsupported DS Digest Type", "Stale Answer", "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus",
            "Signature Expired", "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
            "NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered", "Prohibited",
            "Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported", "No Reachable Authority", "Network Error",
            "Invalid Data");

    /** RFC 8914 §4's title for {@code code}, or "Unknown". */
    static String extendedErrorTitle(int code) {
        return code >= 0 && code < EXTENDED_ERROR_TITLES.size() ? EXTENDED_ERROR_TITLES.get(code) : "Unknown";
    }

    /** dig's line: {@code ; EDE: 22 (No Reachable Authority): (the text)}, the parts it knows of. */
    private static String extendedError(ExtendedErrorCodeOption error) {
        int code = error.getErrorCode();
        StringBuilder line = new StringBuilder("; EDE: ").append(code);
        if (code < EXTENDED_ERROR_TITLES.size()) {
            line.append(" (").append(EXTENDED_ERROR_TITLES.get(code)).append(')');
        }
        String text = error.getText();
        if (text != null && !text.isEmpty()) {
            line.append(": (").append(text).append(')');
        }
        return line.toString();
    }

    private static String spacedHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** dig shows the payload as text too, with '.' for anything not printable ASCII. */
    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (char c : new String(bytes, StandardCharsets.ISO_8859_1).toCharArray()) {
            text.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return text.toString();
    }
}
