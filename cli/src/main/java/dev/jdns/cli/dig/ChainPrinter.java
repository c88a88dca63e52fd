package dev.jdns.cli.dig;

import dev.jdns.cli.dig.trust.ChainReport;
import dev.jdns.cli.dig.trust.DsDenial;
import dev.jdns.cli.dig.trust.KeyMatch;
import dev.jdns.cli.dig.trust.SignatureCheck;
import dev.jdns.cli.dig.trust.Verdict;
import dev.jdns.cli.dig.trust.ZoneLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;

/**
 * The chain of trust of {@code +explain} with DNSSEC, as lines for people and as a JSON object for machines: the
 * same facts in both, zone by zone from the trust anchor down (DS, the key it matches, the signature over the key
 * set), then the proof of an unsigned delegation if the chain ends there, the answer's signatures and the verdicts.
 */
final class ChainPrinter {

    private ChainPrinter() {
    }

    static List<String> lines(ChainReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("CHAIN OF TRUST (trust anchor: " + report.anchor().orElse("none") + ")");
        for (ZoneLink link : report.zones()) {
            lines.add("  zone " + link.zone() + ":");
            link.dsSignature().ifPresent(sig -> lines.add("    DS set signed by the parent: " + signature(sig)));
            for (KeyMatch match : link.matches()) {
                lines.add("    " + (link.fromAnchor() ? "trust anchor " : "") + "DS " + ds(match.ds()) + " -> "
                        + match.key().map(ChainPrinter::key).orElse("no key") + ": " + match.result().text());
            }
            link.keySetSignature().ifPresent(sig -> lines.add("    DNSKEY set (" + link.keys().size()
                    + " keys) signed by a matching key: " + signature(sig)));
            lines.add("    => " + link.verdict().security().name().toLowerCase() + ": " + link.verdict().reason());
        }
        report.insecurity().ifPresent(denial -> lines.add("  no DS for " + denial.name() + ": "
                + denial.proof().map(RecordLayout::record).orElse("") + " (" + denial.signature()
                        .map(ChainPrinter::signature).orElse("unsigned") + "): " + denial.kind().text()));
        for (SignatureCheck check : report.answer()) {
            lines.add("  answer " + check.rrset() + ": " + signature(check));
        }
        lines.add("DNSSEC verdict: " + verdict(report.verdict()));
        lines.add("jdns resolver's validator: " + verdict(report.resolver()));
        return lines;
    }

    static Map<String, Object> json(ChainReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trustAnchor", report.anchor().orElse(null));
        json.put("zones", report.zones().stream().map(ChainPrinter::zone).toList());
        json.put("insecureDelegation", report.insecurity().map(ChainPrinter::denial).orElse(null));
        json.put("answer", report.answer().stream().map(ChainPrinter::signatureJson).toList());
        json.put("verdict", verdictJson(report.verdict()));
        json.put("resolverVerdict", verdictJson(report.resolver()));
        return json;
    }

    private static Map<String, Object> zone(ZoneLink link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("zone", link.zone().toString());
        json.put("dsFrom", link.fromAnchor() ? "trust anchor" : "parent");
        json.put("dsSignature", link.dsSignature().map(ChainPrinter::signatureJson).orElse(null));
        json.put("ds", link.matches().stream().map(ChainPrinter::matchJson).toList());
        json.put("dnskeys", link.keys().stream().map(ChainPrinter::keyJson).toList());
        json.put("dnskeySignature", link.keySetSignature().map(ChainPrinter::signatureJson).orElse(null));
        json.put("verdict", verdictJson(link.verdict()));
        return json;
    }

    private static Map<String, Object> matchJson(KeyMatch match) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keyTag", match.ds().getFootprint());
        json.put("algorithm", match.ds().getAlgorithm());
        json.put("digestType", match.ds().getDigestID());
        json.put("record", RdataText.of(match.ds()));
        json.put("matchedKey", match.key().map(DNSKEYRecord::getFootprint).orElse(null));
        json.put("result", match.result().name());
        json.put("digestMatches", match.matches());
        return json;
    }

    private static Map<String, Object> keyJson(DNSKEYRecord key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keyTag", key.getFootprint());
        json.put("flags", key.getFlags());
        json.put("algorithm", key.getAlgorithm());
        return json;
    }

    private static Map<String, Object> denial(DsDenial denial) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", denial.name().toString());
        json.put("proof", denial.kind().name());
        json.put("meaning", denial.kind().text());
        json.put("record", denial.proof().map(MessageJson::record).orElse(null));
        json.put("signature", denial.signature().map(ChainPrinter::signatureJson).orElse(null));
        return json;
    }

    private static Map<String, Object> signatureJson(SignatureCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rrset", check.rrset());
        json.put("result", check.result().name());
        json.put("signer", check.signer().map(Object::toString).orElse(null));
        json.put("keyTag", check.keyTag().orElse(null));
        json.put("inception", check.inception().map(Object::toString).orElse(null));
        json.put("expiration", check.expiration().map(Object::toString).orElse(null));
        return json;
    }

    private static Map<String, Object> verdictJson(Verdict verdict) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("security", verdict.security().name());
        json.put("extendedError", verdict.extendedError().orElse(null));
        json.put("extendedErrorName", verdict.extendedError().map(EdnsText::extendedErrorTitle).orElse(null));
        json.put("reason", verdict.reason());
        return json;
    }

    private static String verdict(Verdict verdict) {
        String ede = verdict.extendedError()
                .map(code -> " (EDE " + code + ", " + EdnsText.extendedErrorTitle(code) + ")").orElse("");
        return verdict.security() + ede + ": " + verdict.reason();
    }

    private static String signature(SignatureCheck check) {
        Optional<String> by = check.signature().map(sig -> "RRSIG by " + sig.getSigner() + " key "
                + sig.getFootprint() + ", " + sig.getTimeSigned() + " to " + sig.getExpire());
        return check.result().text() + by.map(text -> " (" + text + ")").orElse("");
    }

    private static String ds(DSRecord ds) {
        return ds.getFootprint() + " " + ds.getAlgorithm() + " " + ds.getDigestID();
    }

    /** {@code DNSKEY 12345 (KSK, ECDSAP256SHA256)}: tag, role by the SEP flag (RFC 4034 §2.1.1), algorithm. */
    private static String key(DNSKEYRecord key) {
        String role = (key.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0 ? "KSK" : "ZSK";
        return "DNSKEY " + key.getFootprint() + " (" + role + ", " + DNSSEC.Algorithm.string(key.getAlgorithm())
                + ")";
    }
}
