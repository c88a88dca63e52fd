package dev.jdns.authoritative;

/**
 * What the {@link ZoneStore} does to each zone between loading it and serving it: nothing, or make a signed copy
 * (online DNSSEC). It runs on the thread that loads, never on a query's: the store swaps the prepared copy in
 * only when it is complete, so queries keep the zone in service until then.
 */
@FunctionalInterface
public interface ZonePreparation {

    /** Serve zones as loaded. */
    ZonePreparation NONE = zone -> zone;

    /**
     * The zone to serve in place of {@code loaded}; a failure keeps the last good copy in service, as a broken
     * file does (and stops the server at start-up).
     */
    LoadedZone prepare(LoadedZone loaded) throws ZoneLoadException;

    /**
     * As {@link #prepare}, for a copy just read from its zone file (start, reload) rather than one in service
     * (re-signing, an update): where the changes a file does not hold are put back (dynamic updates, replayed from
     * their journal).
     */
    default LoadedZone prepareFromFile(LoadedZone fromFile) throws ZoneLoadException {
        return prepare(fromFile);
    }
}
