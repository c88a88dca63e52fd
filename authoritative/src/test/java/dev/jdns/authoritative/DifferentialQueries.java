package dev.jdns.authoritative;

import java.util.ArrayList;
import java.util.List;

/**
 * The questions of the NSD differential, grouped by the rule they exercise, and how each is sent: every question
 * over UDP without EDNS and with EDNS (1232), every third also over TCP, those marked "do" also with DO set.
 */
final class DifferentialQueries {

    /**
     * UDP_DO: EDNS with the DO bit, for the rules that depend on it (DS in referrals, RFC 4035 §3.1.4);
     * UDP_DO_512: the same with a 512-octet payload, where signed replies truncate; TCP_DO: DO over TCP.
     */
    enum Transport {
        UDP, UDP_EDNS, UDP_DO, UDP_DO_512, TCP, TCP_DO;

        boolean tcp() {
            return this == TCP || this == TCP_DO;
        }

        boolean dnssecOk() {
            return this == UDP_DO || this == UDP_DO_512 || this == TCP_DO;
        }
    }

    record Question(String name, String type, Transport transport) {
        @Override
        public String toString() {
            return name + " " + type + " over " + transport;
        }
    }

    /** "name TYPE [do]" per line, names absolute without the final dot; "do" adds a query with DO set. */
    private static final String QUESTIONS = """
            # apex and exact matches
            diff.test SOA
            diff.test NS
            diff.test A
            diff.test AAAA
            diff.test MX
            diff.test TXT
            diff.test CAA
            diff.test DNSKEY
            ns1.diff.test A
            ns1.diff.test AAAA
            www.diff.test A
            www.diff.test AAAA
            txt.diff.test TXT
            # mixed case (RFC 4343)
            WWW.Diff.TEST A
            mixed.diff.test A
            MIXED.DIFF.TEST AAAA
            # NODATA and NXDOMAIN
            www.diff.test MX
            mail.diff.test TXT
            nothing.diff.test A
            deep.nothing.diff.test AAAA
            # CNAME: in-zone chains, out of zone, into a delegation, into the child, to a missing name
            alias.diff.test A
            alias.diff.test CNAME
            alias.diff.test AAAA
            alias3.diff.test A
            alias3.diff.test MX
            outside.diff.test A
            chain-out.diff.test A
            to-child.diff.test A do
            to-deleg.diff.test A do
            to-nx.diff.test A
            # MX and SRV with in-zone and out-of-zone targets
            _sip._tcp.diff.test SRV
            _SIP._TCP.diff.test SRV
            # wildcards (RFC 4592)
            anything.wild.diff.test A
            anything.wild.diff.test TXT
            anything.wild.diff.test AAAA
            two.labels.wild.diff.test A
            exists.wild.diff.test A
            exists.wild.diff.test TXT
            below.exists.wild.diff.test A
            ent.wild.diff.test A
            x.ent.wild.diff.test A
            a.ent.wild.diff.test A
            wild.diff.test A
            *.wild.diff.test A
            host.wcname.diff.test A
            host.wcname.diff.test CNAME
            host.wcname.diff.test AAAA
            host.wcout.diff.test A
            # empty non-terminals
            ent.diff.test A
            c.ent.diff.test A
            b.c.ent.diff.test TXT
            leaf.b.c.ent.diff.test A
            x.c.ent.diff.test A
            # DNAME (RFC 6672)
            dname.diff.test DNAME
            x.dname.diff.test A
            x.dname.diff.test CNAME
            y.dname.diff.test A
            a.b.dname.diff.test A
            www.dname-out.diff.test A
            dname.diff.test A
            # large RRsets: TC at 512 without EDNS
            big.diff.test A
            bigtxt.diff.test TXT
            # delegations: referral, glue, sibling glue, DS at the cut, names below a cut
            deleg.diff.test NS
            deleg.diff.test A do
            deleg.diff.test DS do
            host.deleg.diff.test A do
            ns1.deleg.diff.test A
            sib.diff.test NS do
            a.b.sib.diff.test MX
            far.diff.test A do
            far.diff.test DS
            x.far.diff.test TXT
            # the child zone, served beside its parent: DS from the parent, the rest from the child
            child.diff.test SOA
            child.diff.test NS
            child.diff.test DS do
            child.diff.test MX
            www.child.diff.test A
            back.child.diff.test A
            nope.child.diff.test TXT
            ns1.child.diff.test A
            # ANY (RFC 8482)
            www.diff.test ANY
            diff.test ANY
            # not our zone
            example.org A
            test SOA
            """;

    private DifferentialQueries() {}

    static List<Question> all() {
        List<String> lines = QUESTIONS.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<Question> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\\s+");
            out.add(new Question(parts[0], parts[1], Transport.UDP));
            out.add(new Question(parts[0], parts[1], Transport.UDP_EDNS));
            if (parts.length > 2 && parts[2].equals("do")) {
                out.add(new Question(parts[0], parts[1], Transport.UDP_DO));
            }
            if (i % 3 == 0) {
                out.add(new Question(parts[0], parts[1], Transport.TCP));
            }
        }
        return out;
    }
}
