package dev.jdns.resolver.core;

import dev.jdns.resolver.cache.Delegation;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * What one stage of the pipeline (hosts file, cache, iteration) knows about one question. An {@link Alias} sends
 * the pipeline round again for its target; everything else ends the chain.
 */
public sealed interface StepAnswer {

    /**
     * The data asked for; {@code proofs} are the NSEC/NSEC3 records (with RRSIGs) that came with an answer
     * synthesised from a wildcard, proving that no closer name matched (RFC 4035 §3.1.3.3), for a validator.
     */
    record Data(List<RRset> rrsets, List<Record> proofs) implements StepAnswer {
        public Data {
            rrsets = List.copyOf(rrsets);
            proofs = List.copyOf(proofs);
        }

        public Data(List<RRset> rrsets) {
            this(rrsets, List.of());
        }
    }

    /**
     * The name is an alias: {@code rrsets} are what the client must see for this hop (the CNAME, or a DNAME and the
     * CNAME synthesised from it, RFC 6672 §3.1), {@code target} the name to resolve next.
     */
    record Alias(List<RRset> rrsets, Name target) implements StepAnswer {
        public Alias {
            rrsets = List.copyOf(rrsets);
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * The name does not exist; {@code soa} (null when the hosts file answered) goes in the authority section, with
     * {@code proofs}: the SOA's RRSIGs and the NSEC/NSEC3 records with theirs (RFC 4035 §3.1.3), empty without
     * DNSSEC.
     */
    record NxDomain(SOARecord soa, List<Record> proofs) implements StepAnswer {
        public NxDomain {
            proofs = List.copyOf(proofs);
        }

        public NxDomain(SOARecord soa) {
            this(soa, List.of());
        }
    }

    /** The name exists without data of the type; {@code soa} and {@code proofs} as for {@link NxDomain}. */
    record NoData(SOARecord soa, List<Record> proofs) implements StepAnswer {
        public NoData {
            proofs = List.copyOf(proofs);
        }

        public NoData(SOARecord soa) {
            this(soa, List.of());
        }
    }

    /** Resolution failed (upstreams broken, budget spent, or a failure remembered by the cache). */
    record ServFail(String reason, FailureKind kind) implements StepAnswer {
        public ServFail {
            Objects.requireNonNull(kind, "kind");
        }

        /** A failure of {@link FailureKind#OTHER} kind. */
        public ServFail(String reason) {
            this(reason, FailureKind.OTHER);
        }
    }

    /**
     * RD=0 and nothing is known locally: the closest zone cut known, for a referral reply (the resolver does not
     * iterate without RD, but says where it would start).
     */
    record NotCached(Delegation closestKnownCut) implements StepAnswer {}
}
