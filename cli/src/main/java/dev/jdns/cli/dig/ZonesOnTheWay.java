package dev.jdns.cli.dig;

import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/** The zones a resolution went through, from the root down, in the order the referrals reached them. */
final class ZonesOnTheWay implements ResolutionObserver {

    private final Set<Name> zones = new LinkedHashSet<>(List.of(Name.root));

    @Override
    public synchronized void on(ResolutionEvent event) {
        if (event instanceof ResolutionEvent.Referral referral) {
            zones.add(referral.toZone());
        }
    }

    synchronized List<Name> zones() {
        return new ArrayList<>(zones);
    }
}
