package dev.jdns.authoritative;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/** The differences kept between successive versions of the zones served, for IXFR (RFC 1995). */
public interface ZoneHistory {

    /** Keeps nothing: every IXFR is answered with the whole zone (RFC 1995 §4 allows it). */
    ZoneHistory NONE = (origin, fromSerial, toSerial) -> Optional.empty();

    /**
     * The steps leading from version {@code fromSerial} of {@code origin} to {@code toSerial}, in order, or empty
     * when the history does not reach back that far (or has a gap).
     */
    Optional<List<ZoneDiff>> differences(Name origin, long fromSerial, long toSerial);
}
