package dev.jdns.authoritative;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * The authenticated denial of existence of a signed zone: the NSEC chain (RFC 4035 §3.1.3) or the NSEC3 chain
 * (RFC 5155 §7.2). Each method returns the RRsets (with their RRSIGs) that prove one kind of negative, in the order
 * they go into the authority section; a caller merging several proofs drops the repeats.
 */
sealed interface DenialChain permits NsecChain, Nsec3Chain {

    /**
     * NXDOMAIN: {@code name} does not exist and no wildcard at its {@code closestEncloser} does (RFC 4035 §3.1.3.2,
     * RFC 5155 §7.2.2).
     */
    List<RecordSet> nameError(Name name, Name closestEncloser);

    /**
     * NODATA at a name that exists, empty non-terminal included (RFC 4035 §3.1.3.1, RFC 5155 §7.2.3); a DS query
     * answered NODATA at an opt-out cut gets the closest-encloser proof instead (RFC 5155 §7.2.4).
     */
    List<RecordSet> noData(Name name);

    /**
     * NODATA from a wildcard: {@code name} does not exist, the wildcard child of {@code closestEncloser} does but
     * lacks the type (RFC 4035 §3.1.3.4, RFC 5155 §7.2.5).
     */
    List<RecordSet> wildcardNoData(Name name, Name closestEncloser);

    /**
     * A wildcard answer: {@code name} does not exist exactly, so the expansion from {@code closestEncloser}'s
     * wildcard was the right one (RFC 4035 §3.1.3.3, RFC 5155 §7.2.6).
     */
    List<RecordSet> wildcardAnswer(Name name, Name closestEncloser);

    /**
     * A referral to an unsigned child: the cut has no DS (RFC 4035 §3.1.4.1: the NSEC at the cut; RFC 5155 §7.2.7:
     * the NSEC3 matching the cut, or the opt-out proof when there is none).
     */
    List<RecordSet> noDelegationSigner(Name cut);
}
