package dev.jdns.cli.dig.trust;

import java.util.List;
import java.util.Optional;

/**
 * The chain of trust behind one answer, from the trust anchor down: each zone's link, the proof that ended the chain
 * at an unsigned delegation (when it did), the signatures over the answer's RRsets, the verdict this chain gives,
 * and the verdict of the jdns resolver's own validator for the same question.
 *
 * @param anchor      where the trust anchor came from (a file, or the built-in IANA root anchor); empty if none
 * @param zones       the zones from the anchor down, each with its DS, keys and key-set signature
 * @param insecurity  the NSEC/NSEC3 proof of an unsigned delegation, when the chain ends insecure
 * @param answer      the signature checks of the answer's RRsets (and of a negative answer's SOA and proofs)
 * @param verdict     this chain's verdict
 * @param resolver    the jdns resolver's validator's verdict on the same question (dnsjava's validator)
 */
public record ChainReport(Optional<String> anchor, List<ZoneLink> zones, Optional<DsDenial> insecurity,
        List<SignatureCheck> answer, Verdict verdict, Verdict resolver) {
}
