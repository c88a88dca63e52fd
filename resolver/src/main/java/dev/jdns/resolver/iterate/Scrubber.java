package dev.jdns.resolver.iterate;

import dev.jdns.resolver.core.Question;
import dev.jdns.transport.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Removes from an upstream reply everything the server had no authority to say before anything is cached or
 * followed (the defence against cache poisoning that RFC 2181 §5.4.1 and Unbound's {@code iter_scrub.c} describe).
 * A server asked about zone Z may speak only for names at or below Z (its bailiwick), only in the question's class
 * (RFC 1034 §4.2: each class is a name space of its own, with its own zones and servers, so a CH or HS record in
 * an IN reply is nothing the server was asked about), and only about the question:
 * <ul>
 * <li>answer: RRsets on the alias chain that starts at the query name (CNAME targets, DNAMEs above a chain
 * name), inside Z;
 * <li>authority: NS, SOA and DS RRsets inside Z at or above a chain name: a referral can only point downward,
 * toward the query name, never up or sideways; NSEC and NSEC3 RRsets inside Z (denial proofs);
 * <li>additional: A/AAAA inside Z for the NS targets kept above or in Z's own NS set in the answer (glue for the
 * next hop, or addresses of the zone's own servers), nothing else.
 * </ul>
 * RRSIGs travel with the RRset they cover ({@link Message#getSectionRRsets}), so they are kept or dropped with it.
 */
public final class Scrubber {

    /**
     * Bounds the walk over a hostile answer section. One of three bounds on an alias chain with one reason (real
     * chains are a few hops), each looser than the step after it: twice the 16 links a jdns server puts in one
     * answer, so no chain a server would send is cut here; the resolver then follows at most 12 hops (see
     * {@code ResolutionLimits.table()}).
     */
    private static final int MAX_CHAIN_IN_ONE_REPLY = 32;

    public ScrubbedReply scrub(Message reply, Question question, Name zone) {
        // Plain loops rather than streams: this runs once per upstream reply, and the stream pipelines over these
        // few RRsets were a large share of the resolver's allocation when resolving new names (bench/profile.sh new).
        int dclass = question.dclass();
        List<RRset> answerIn = inBailiwick(reply.getSectionRRsets(Section.ANSWER), zone, dclass);
        Set<Name> chain = chainNames(answerIn, question.name());
        List<RRset> answer = new ArrayList<>(answerIn.size());
        for (RRset rrset : answerIn) {
            if (onChain(rrset, chain, answerIn)) {
                answer.add(rrset);
            }
        }
        List<RRset> authority = new ArrayList<>();
        Set<Name> nsTargets = new HashSet<>();
        for (RRset rrset : answer) {
            if (rrset.getType() == Type.NS && rrset.getName().equals(zone)) {
                nsTargets.addAll(ScrubbedReply.nsTargets(rrset)); // the zone's own NS set, asked for
            }
        }
        for (RRset rrset : inBailiwick(reply.getSectionRRsets(Section.AUTHORITY), zone, dclass)) {
            int type = rrset.getType();
            if ((type == Type.NS || type == Type.SOA || type == Type.DS) && atOrAboveChain(rrset.getName(), chain)) {
                authority.add(rrset);
                if (type == Type.NS) {
                    nsTargets.addAll(ScrubbedReply.nsTargets(rrset));
                }
            } else if (type == Type.NSEC || type == Type.NSEC3) {
                // Denial of existence (RFC 4035 §3.1.3, RFC 5155 §7.2): the owners are the zone's names (or their
                // hashes), not the chain's, so only the bailiwick applies; the validator judges the rest.
                authority.add(rrset);
            }
        }
        List<RRset> additional = new ArrayList<>();
        for (RRset rrset : inBailiwick(reply.getSectionRRsets(Section.ADDITIONAL), zone, dclass)) {
            int type = rrset.getType();
            if ((type == Type.A || type == Type.AAAA) && nsTargets.contains(rrset.getName())) {
                additional.add(rrset);
            }
        }
        return new ScrubbedReply(zone, reply.getRcode(), reply.getHeader().getFlag(Flags.AA), answer, authority,
                additional);
    }

    /** The RRsets the server may speak for: inside {@code zone} and of the question's class. */
    private static List<RRset> inBailiwick(List<RRset> rrsets, Name zone, int dclass) {
        List<RRset> inside = new ArrayList<>(rrsets.size());
        for (RRset rrset : rrsets) {
            if (rrset.getDClass() == dclass && rrset.getName().subdomain(zone)) {
                inside.add(rrset);
            }
        }
        return inside;
    }

    /** A referral or SOA may only sit at or above a name on the chain: it points downward, toward the query. */
    private static boolean atOrAboveChain(Name owner, Set<Name> chain) {
        for (Name name : chain) {
            if (name.subdomain(owner)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The query name and every name an alias in the answer leads to: CNAME targets (RFC 1034 §3.6.2) and names
     * synthesised from a DNAME above a chain name (RFC 6672 §2.2).
     */
    static Set<Name> chainNames(List<RRset> answer, Name queryName) {
        Set<Name> chain = new LinkedHashSet<>();
        Name current = queryName;
        while (current != null && chain.add(current) && chain.size() < MAX_CHAIN_IN_ONE_REPLY) {
            current = nextOnChain(answer, current);
        }
        return chain;
    }

    private static Name nextOnChain(List<RRset> answer, Name current) {
        for (RRset rrset : answer) {
            if (rrset.getType() == Type.DNAME && Names.strictlyBelow(current, rrset.getName())) {
                return synthesise(current, (DNAMERecord) rrset.first());
            }
        }
        return ScrubbedReply.find(answer, current, Type.CNAME)
                .map(cname -> ((CNAMERecord) cname.first()).getTarget())
                .orElse(null);
    }

    /** The CNAME target a DNAME implies for {@code name}, or null when it would be too long (RFC 6672 §2.2). */
    static Name synthesise(Name name, DNAMERecord dname) {
        try {
            return name.fromDNAME(dname);
        } catch (NameTooLongException e) {
            return null;
        }
    }

    private static boolean onChain(RRset rrset, Set<Name> chain, List<RRset> answer) {
        if (rrset.getType() == Type.DNAME) {
            for (Name name : chain) {
                if (Names.strictlyBelow(name, rrset.getName())) {
                    return true;
                }
            }
            return false;
        }
        return chain.contains(rrset.getName())
                && (rrset.getType() != Type.CNAME || matchesDname(rrset, answer));
    }

    /**
     * A CNAME below a DNAME of the answer is the one the server synthesised from it (RFC 6672 §3.1) only when its
     * target is the DNAME substitution; otherwise it contradicts the DNAME (nothing exists below a DNAME's owner,
     * RFC 6672 §2.3) and is dropped: the resolver substitutes the DNAME itself (§3.2).
     */
    private static boolean matchesDname(RRset cname, List<RRset> answer) {
        Name owner = cname.getName();
        for (RRset rrset : answer) {
            if (rrset.getType() == Type.DNAME && Names.strictlyBelow(owner, rrset.getName())) {
                return ((CNAMERecord) cname.first()).getTarget().equals(synthesise(owner, (DNAMERecord) rrset.first()));
            }
        }
        return true;
    }
}
