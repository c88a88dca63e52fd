package dev.jdns.resolver.core;

import dev.jdns.resolver.cache.Delegation;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;

/**
 * What one stage of the pipeline (hosts file, cache, iteration) knows about one question. An {@link Alias} sends
 * the pipeline round again for its target; everything else ends the chain.
 */
public sealed interface StepAnswer {

    /** The data asked for. */
    record Data(List<RRset> rrsets) implements StepAnswer {
        public Data {
            rrsets = List.copyOf(rrsets);
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

    /** The name does not exist; {@code soa} (null when the hosts file answered) goes in the authority section. */
    record NxDomain(SOARecord soa) implements StepAnswer {}

    /** The name exists without data of the type; {@code soa} as for {@link NxDomain}. */
    record NoData(SOARecord soa) implements StepAnswer {}

    /** Resolution failed (upstreams broken, budget spent, or a failure remembered by the cache). */
    record ServFail(String reason) implements StepAnswer {}

    /**
     * RD=0 and nothing is known locally: the closest zone cut known, for a referral reply (the resolver does not
     * iterate without RD, but says where it would start).
     */
    record NotCached(Delegation closestKnownCut) implements StepAnswer {}
}
