package dev.jdns.authoritative;

import dev.jdns.authoritative.DifferentialQueries.Question;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/**
 * The deliberate differences between jdns and NSD, each a named, narrow normalisation of NSD's reply with the RFC
 * that allows jdns's choice. A difference is explained when applying policies in order turns NSD's reply into
 * jdns's; each policy counts the replies it was needed for.
 */
final class NsdPolicies {

    /** One policy: rewrites NSD's reply where the policy applies, or returns it unchanged. */
    interface Policy {
        String name();

        ReplyShape normalise(Question question, ReplyShape nsd, ReplyShape jdns);
    }

    private final List<Policy> policies;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int explained;

    /**
     * @param apexes the origins of the zones served, lower case with the final dot
     * @param nsd    asks NSD a question (name, type) over TCP: the oracle that checks jdns's choice for ANY
     */
    NsdPolicies(Set<String> apexes, BiFunction<String, String, ReplyShape> nsd) {
        this.policies = List.of(new ApexNsInAuthority(apexes), new AnyRrsetChoice(nsd), new UnsignedDsInReferral(),
                new TruncatedSignedReply(), new NameErrorProofAfterDname());
    }

    /**
     * A referral to a client that set DO: jdns adds the cut's DS RRset whenever the parent holds one, as RFC 4035
     * §3.1.4 asks; NSD adds DNSSEC records only from signed zones, and the test zone is unsigned (DS, no DNSKEY).
     * Both are defensible for an unsigned parent, where the DS cannot be validated anyway. Applies only to DO
     * queries, and only to a DS RRset owned by the owner of the NS RRset in jdns's authority section.
     */
    private record UnsignedDsInReferral() implements Policy {
        @Override
        public String name() {
            return "DS in referral from an unsigned zone with DO";
        }

        @Override
        public ReplyShape normalise(Question question, ReplyShape nsd, ReplyShape jdns) {
            if (question.transport() != DifferentialQueries.Transport.UDP_DO) {
                return nsd;
            }
            Set<String> cuts = jdns.authority().stream().map(ReplyShape::ownerClassType)
                    .filter(head -> head.endsWith(" NS")).map(head -> head.split(" ")[0])
                    .collect(Collectors.toSet());
            Set<String> missingDs = jdns.authority().stream()
                    .filter(rrset -> !nsd.authority().contains(rrset))
                    .filter(rrset -> ReplyShape.ownerClassType(rrset).endsWith(" DS"))
                    .filter(rrset -> cuts.contains(rrset.split(" ")[0]))
                    .collect(Collectors.toSet());
            if (missingDs.isEmpty()) {
                return nsd;
            }
            Set<String> authority = new TreeSet<>(nsd.authority());
            authority.addAll(missingDs);
            return nsd.withAuthority(authority);
        }
    }

    /**
     * NXDOMAIN for the name a DNAME substitution leads to, in an NSEC zone: RFC 4035 §3.1.3.2 asks for an NSEC
     * proving that the name (the substituted one, RFC 6672 §3.2: the search restarts there) does not exist and one
     * proving the wildcard does not. NSD 4.6 sends only the wildcard's, leaving the name itself unproven, and a
     * validator cannot accept that reply; jdns sends both. Applies only to DO queries whose answer holds a DNAME,
     * and only when jdns's authority section is NSD's plus NSEC RRsets and their RRSIGs.
     */
    private record NameErrorProofAfterDname() implements Policy {
        @Override
        public String name() {
            return "NSEC proving the DNAME-substituted name does not exist";
        }

        @Override
        public ReplyShape normalise(Question question, ReplyShape nsd, ReplyShape jdns) {
            boolean dname = jdns.answer().stream().anyMatch(rrset -> ReplyShape.ownerClassType(rrset).endsWith(" DNAME"));
            if (!question.transport().dnssecOk() || !dname || !nsd.rcode().equals("NXDOMAIN")
                    || !jdns.authority().containsAll(nsd.authority())) {
                return nsd;
            }
            Set<String> extra = new TreeSet<>(jdns.authority());
            extra.removeAll(nsd.authority());
            boolean onlyNsec = extra.stream().map(rrset -> ReplyShape.ownerClassType(rrset).split(" ")[2])
                    .allMatch(type -> type.equals("NSEC") || type.equals("RRSIG/NSEC"));
            return onlyNsec ? nsd.withAuthority(jdns.authority()) : nsd;
        }
    }

    /**
     * A signed reply too large for the client's payload: both set TC, and both keep what fitted of a different
     * section order (NSD's authority section of an NXDOMAIN starts with the NSEC records, jdns's with the SOA, RFC
     * 4035 §3.1.3 sets no order). A client that sees TC retries over TCP and does not use the partial data (RFC 2181
     * §9, RFC 7766 §5), so only the header is compared. Applies only to DO queries and only when both set TC.
     */
    private record TruncatedSignedReply() implements Policy {
        @Override
        public String name() {
            return "content of a truncated signed reply";
        }

        @Override
        public ReplyShape normalise(Question question, ReplyShape nsd, ReplyShape jdns) {
            boolean bothTruncated = nsd.tc() && jdns.tc() && nsd.rcode().equals(jdns.rcode());
            if (!question.transport().dnssecOk() || !bothTruncated || nsd.aa() != jdns.aa()) {
                return nsd;
            }
            return nsd.withAnswer(jdns.answer()).withAuthority(jdns.authority()).withAdditional(jdns.additional());
        }
    }

    /**
     * RFC 8482 §4.2: an ANY query gets one RRset (or a few) of the name's data, chosen by the server. NSD 4.6 and
     * jdns both answer with one RRset but choose differently (at an apex NSD picks the SOA, jdns the lowest type
     * code). Applies only when both answer with exactly one RRset owned by the query name, and only when NSD,
     * asked for jdns's type directly, answers with the very RRset jdns chose.
     */
    private record AnyRrsetChoice(BiFunction<String, String, ReplyShape> nsd) implements Policy {
        @Override
        public String name() {
            return "ANY answered with a different single RRset";
        }

        @Override
        public ReplyShape normalise(Question question, ReplyShape fromNsd, ReplyShape jdns) {
            if (!question.type().equals("ANY") || fromNsd.answer().size() != 1 || jdns.answer().size() != 1) {
                return fromNsd;
            }
            String chosen = jdns.answer().first();
            String[] ownerClassType = ReplyShape.ownerClassType(chosen).split(" ");
            String owner = question.name().toLowerCase(Locale.ROOT) + ".";
            boolean nsdHasIt = ownerClassType[0].equals(owner)
                    && nsd.apply(question.name(), ownerClassType[2]).answer().contains(chosen);
            return nsdHasIt ? fromNsd.withAnswer(jdns.answer()) : fromNsd;
        }
    }

    /**
     * NSD puts the zone's apex NS RRset in the authority section of positive answers, and the addresses of those
     * servers in the additional section. jdns answers minimally, as Knot does and BIND with minimal-responses:
     * RFC 1034 §4.3.2 step 3a puts only the answer RRset in the answer and requires nothing in authority for a
     * positive answer; other data is added only where it "may be useful" (step 6), at the server's choice.
     * Applies only to NOERROR answers with data, and only to NS RRsets owned by a zone apex that jdns left out.
     */
    private record ApexNsInAuthority(Set<String> apexes) implements Policy {
        @Override
        public String name() {
            return "apex NS in authority of answers";
        }

        @Override
        public ReplyShape normalise(Question question, ReplyShape nsd, ReplyShape jdns) {
            if (!nsd.rcode().equals("NOERROR") || nsd.answer().isEmpty()) {
                return nsd;
            }
            Set<String> apexNs = nsd.authority().stream()
                    .filter(rrset -> isApexNs(rrset) && !jdns.authority().contains(rrset))
                    .collect(Collectors.toSet());
            if (apexNs.isEmpty()) {
                return nsd;
            }
            Set<String> servers = apexNs.stream().filter(rrset -> !ReplyShape.ownerClassType(rrset).endsWith("RRSIG/NS"))
                .flatMap(NsdPolicies::rdataNames).collect(Collectors.toSet());
            Set<String> authority = new TreeSet<>(nsd.authority());
            authority.removeAll(apexNs);
            Set<String> additional = new TreeSet<>(nsd.additional());
            additional.removeIf(rrset -> !jdns.additional().contains(rrset) && isAddressOf(rrset, servers));
            return nsd.withAuthority(authority).withAdditional(additional);
        }

        /** The apex NS RRset, or (to a client that set DO) its RRSIGs. */
        private boolean isApexNs(String rrset) {
            String[] ownerClassType = ReplyShape.ownerClassType(rrset).split(" ");
            return Set.of("NS", "RRSIG/NS").contains(ownerClassType[2]) && apexes.contains(ownerClassType[0]);
        }
    }

    /** The names in an RRset string's rdata list: the last word of each rdata ("10 mail.x." gives "mail.x."). */
    static Stream<String> rdataNames(String rrset) {
        String list = rrset.substring(rrset.indexOf('[') + 1, rrset.lastIndexOf(']'));
        return Arrays.stream(list.split("; ")).map(rdata -> rdata.substring(rdata.lastIndexOf(' ') + 1));
    }

    /** Whether an RRset string is an A or AAAA RRset (or the RRSIGs of one) owned by one of {@code names}. */
    static boolean isAddressOf(String rrset, Set<String> names) {
        String[] ownerClassType = ReplyShape.ownerClassType(rrset).split(" ");
        boolean address = Set.of("A", "AAAA", "RRSIG/A", "RRSIG/AAAA").contains(ownerClassType[2]);
        return address && names.contains(ownerClassType[0]);
    }

    boolean explains(Question question, ReplyShape nsd, ReplyShape jdns) {
        ReplyShape normalised = nsd;
        List<String> used = new ArrayList<>();
        for (Policy policy : policies) {
            ReplyShape next = policy.normalise(question, normalised, jdns);
            if (!next.equals(normalised)) {
                used.add(policy.name());
                normalised = next;
            }
        }
        if (!normalised.equals(jdns)) {
            return false;
        }
        used.forEach(name -> counts.merge(name, 1, Integer::sum));
        explained++;
        return true;
    }

    int explainedCount() {
        return explained;
    }

    /** "policy-a: 12, policy-b: 2" */
    String describe() {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining(", "));
    }

}
