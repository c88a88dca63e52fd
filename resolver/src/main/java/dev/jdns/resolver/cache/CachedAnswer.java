package dev.jdns.resolver.cache;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** What the answer cache knows about a question; TTLs already counted down to what a client should see. */
public sealed interface CachedAnswer {

    /**
     * The RRset itself (RRSIGs included when they were cached with it). {@code proofs}: for an RRset expanded from
     * a wildcard, the NSEC/NSEC3 records (with RRSIGs) that came with it proving no closer name matched (RFC 4035
     * §3.1.3.3), without which a validator must call the answer bogus; empty otherwise.
     */
    record Positive(RRset rrset, Trust trust, List<Record> proofs) implements CachedAnswer {
        public Positive {
            Objects.requireNonNull(rrset, "rrset");
            Objects.requireNonNull(trust, "trust");
            proofs = List.copyOf(proofs);
        }

        public Positive(RRset rrset, Trust trust) {
            this(rrset, trust, List.of());
        }
    }

    /**
     * The name does not exist; {@code soa} goes in the authority section, its TTL is the remaining negative TTL.
     * {@code proofs} are the DNSSEC records that came with it (the SOA's RRSIGs, NSEC/NSEC3 and theirs; RFC 4035
     * §3.1.3), kept for a validator and for clients that set DO; empty without DNSSEC.
     */
    record NxDomain(SOARecord soa, List<Record> proofs) implements CachedAnswer {
        public NxDomain {
            Objects.requireNonNull(soa, "soa");
            proofs = List.copyOf(proofs);
        }

        public NxDomain(SOARecord soa) {
            this(soa, List.of());
        }
    }

    /** The name exists but has no data of this type; {@code soa} and {@code proofs} as for {@link NxDomain}. */
    record NoData(SOARecord soa, List<Record> proofs) implements CachedAnswer {
        public NoData {
            Objects.requireNonNull(soa, "soa");
            proofs = List.copyOf(proofs);
        }

        public NoData(SOARecord soa) {
            this(soa, List.of());
        }
    }

    /** Resolution failed a moment ago; answer SERVFAIL again without going upstream (RFC 9520 §3). */
    record ServFail() implements CachedAnswer {}
}
