package dev.jdns.authoritative;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * What a zone says about (qname, qtype), per RFC 1034 §4.3.2. Every result carries the CNAME/DNAME chain
 * followed inside the zone to reach it, in answer-section order (a DNAME is followed by the CNAME synthesised
 * from it); the chain is empty when the query name itself decided the result.
 */
public sealed interface LookupResult {

    /** CNAME, DNAME and synthesised CNAME RRsets met on the way, in order. */
    List<RecordSet> chain();

    /**
     * The data asked for: one RRset (owner as the client asked, or the query name for wildcard data).
     *
     * @param wildcard the wildcard the data was synthesised from (RFC 4592 §3.3.1), if it was
     */
    record Answer(List<RecordSet> chain, RecordSet rrset, Optional<Name> wildcard) implements LookupResult {
        public Answer {
            chain = List.copyOf(chain);
            Objects.requireNonNull(rrset, "rrset");
            Objects.requireNonNull(wildcard, "wildcard");
        }

        public Answer(List<RecordSet> chain, RecordSet rrset) {
            this(chain, rrset, Optional.empty());
        }
    }

    /**
     * The chain stops before reaching data: its last target is outside this zone, the chain loops, or it is
     * longer than this server follows. The client (a resolver) continues from {@code target}.
     */
    record Alias(List<RecordSet> chain, Name target) implements LookupResult {
        public Alias {
            chain = List.copyOf(chain);
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * The name is at or below a zone cut: not our data (RFC 1034 §4.3.2 step 3b). The NS RRset of the cut, its
     * DS RRset if the parent has one (RFC 4035 §3.1.4), and addresses of NS targets inside this zone (glue).
     */
    record Referral(List<RecordSet> chain, RecordSet nameServers, Optional<RecordSet> delegationSigner,
                    List<RecordSet> glue) implements LookupResult {
        public Referral {
            chain = List.copyOf(chain);
            Objects.requireNonNull(nameServers, "nameServers");
            Objects.requireNonNull(delegationSigner, "delegationSigner");
            glue = List.copyOf(glue);
        }
    }

    /** The name exists (possibly as an empty non-terminal or through a wildcard) but has no data of the type. */
    record NoData(List<RecordSet> chain) implements LookupResult {
        public NoData {
            chain = List.copyOf(chain);
        }
    }

    /** The name does not exist and no wildcard covers it (RFC 1034 §4.3.2 step 3c, RFC 4592 §3.3.1). */
    record NxDomain(List<RecordSet> chain) implements LookupResult {
        public NxDomain {
            chain = List.copyOf(chain);
        }
    }

    /** A DNAME substitution would make a name longer than 255 octets (RFC 6672 §2.2); the chain ends with the DNAME. */
    record YxDomain(List<RecordSet> chain) implements LookupResult {
        public YxDomain {
            chain = List.copyOf(chain);
        }
    }
}
