package dev.jdns.authoritative;

/** Hears of a new catalog once it is in service (a reload changed some zone), with the one it replaced. */
@FunctionalInterface
public interface ZoneChangeListener {
    void catalogChanged(ZoneCatalog before, ZoneCatalog after);
}
