package dev.jdns.resolver.cache;

import java.util.Objects;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;

/** What the answer cache knows about a question; TTLs already counted down to what a client should see. */
public sealed interface CachedAnswer {

    /** The RRset itself (RRSIGs included when they were cached with it). */
    record Positive(RRset rrset, Trust trust) implements CachedAnswer {
        public Positive {
            Objects.requireNonNull(rrset, "rrset");
            Objects.requireNonNull(trust, "trust");
        }
    }

    /** The name does not exist; {@code soa} goes in the authority section, its TTL is the remaining negative TTL. */
    record NxDomain(SOARecord soa) implements CachedAnswer {
        public NxDomain {
            Objects.requireNonNull(soa, "soa");
        }
    }

    /** The name exists but has no data of this type; {@code soa} as for {@link NxDomain}. */
    record NoData(SOARecord soa) implements CachedAnswer {
        public NoData {
            Objects.requireNonNull(soa, "soa");
        }
    }

    /** Resolution failed a moment ago; answer SERVFAIL again without going upstream (RFC 9520 §3). */
    record ServFail() implements CachedAnswer {}
}
