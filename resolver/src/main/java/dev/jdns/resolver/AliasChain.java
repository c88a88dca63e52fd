package dev.jdns.resolver;

import dev.jdns.resolver.cache.Delegation;
import dev.jdns.resolver.cache.NameServer;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.StepAnswer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The aliases met while answering one client question, in order, so the client gets the whole chain (RFC 1034
 * §4.3.2 step 3a; RFC 6604 §2: the rcode is the last name's). A chain that returns to a name it has visited, or
 * grows past the hop limit, ends in SERVFAIL.
 */
final class AliasChain {

    private final int maxHops;
    private final boolean withDnssec;
    private final List<RRset> aliases = new ArrayList<>();
    private final Set<Name> visited = new HashSet<>();
    private String failure;

    /**
     * @param withDnssec put the RRSIGs and denial proofs known for the answer in the reply (the client set DO, or
     *                   it is the validator: RFC 4035 §3.2.1)
     */
    AliasChain(Question clientQuestion, int maxHops, boolean withDnssec) {
        this.maxHops = maxHops;
        this.withDnssec = withDnssec;
        visited.add(clientQuestion.name().canonicalize());
    }

    /** The question for the alias target, or empty when following it would loop or exceed the hop limit. */
    Optional<Question> follow(Question current, StepAnswer.Alias alias) {
        aliases.addAll(alias.rrsets());
        if (visited.size() > maxHops) {
            failure = "alias chain longer than " + maxHops + " hops";
            return Optional.empty();
        }
        if (!visited.add(alias.target().canonicalize())) {
            failure = "alias loop at " + alias.target();
            return Optional.empty();
        }
        return Optional.of(current.withName(alias.target()));
    }

    /** Hops followed so far. */
    int hops() {
        return visited.size() - 1;
    }

    /** Why {@link #follow} refused, when it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The client's answer: the chain, then what the last name has, found in {@code lastSource}; the whole has that
     * source only when no alias was followed.
     */
    Resolution complete(StepAnswer last, AnswerSource lastSource) {
        AnswerSource source = aliases.isEmpty() ? lastSource : AnswerSource.ALIASES;
        List<Record> answer = records(aliases);
        return switch (last) {
            case StepAnswer.Data data -> {
                answer.addAll(records(data.rrsets()));
                yield new Resolution(Rcode.NOERROR, answer, proofs(data.proofs()), List.of(), source);
            }
            case StepAnswer.Alias alias -> {
                answer.addAll(records(alias.rrsets()));
                yield new Resolution(Rcode.NOERROR, answer, List.of(), List.of(), source);
            }
            case StepAnswer.NxDomain nx -> new Resolution(Rcode.NXDOMAIN, answer,
                    negativeAuthority(nx.soa(), nx.proofs()), List.of(), source);
            case StepAnswer.NoData nd -> new Resolution(Rcode.NOERROR, answer,
                    negativeAuthority(nd.soa(), nd.proofs()), List.of(), source);
            case StepAnswer.ServFail fail -> Resolution.servFail(source);
            case StepAnswer.NotCached notCached -> referral(answer, notCached.closestKnownCut(), source);
        };
    }

    /**
     * RD=0 and nothing cached: the closest known cut as a referral, as BIND and Unbound answer such a query from
     * their caches (RFC 1034 §4.3.1: without recursion a server gives "a referral to other name servers").
     */
    private static Resolution referral(List<Record> answer, Delegation cut, AnswerSource source) {
        List<Record> authority = new ArrayList<>();
        List<Record> additional = new ArrayList<>();
        for (NameServer server : cut.servers()) {
            authority.add(new NSRecord(cut.zone(), DClass.IN, cut.ttlSeconds(), server.name()));
            for (InetAddress address : server.addresses()) {
                additional.add(address instanceof Inet4Address
                        ? new ARecord(server.name(), DClass.IN, cut.ttlSeconds(), address)
                        : new AAAARecord(server.name(), DClass.IN, cut.ttlSeconds(), address));
            }
        }
        return new Resolution(Rcode.NOERROR, answer, authority, additional, source);
    }

    private List<Record> records(List<RRset> rrsets) {
        List<Record> records = new ArrayList<>();
        for (RRset rrset : rrsets) {
            records.addAll(rrset.rrs(false));
            if (withDnssec) {
                records.addAll(rrset.sigs());
            }
        }
        return records;
    }

    private List<Record> proofs(List<Record> proofs) {
        return withDnssec ? proofs : List.of();
    }

    private List<Record> negativeAuthority(Record soa, List<Record> proofs) {
        List<Record> authority = new ArrayList<>();
        if (soa != null) {
            authority.add(soa);
        }
        authority.addAll(proofs(proofs));
        return authority;
    }
}
