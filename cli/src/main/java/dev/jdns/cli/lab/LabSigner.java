package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.dnssec.Denial;
import dev.jdns.authoritative.dnssec.KeyLayout;
import dev.jdns.authoritative.dnssec.KeyStore;
import dev.jdns.authoritative.dnssec.SignaturePolicy;
import dev.jdns.authoritative.dnssec.ZoneKeys;
import dev.jdns.authoritative.dnssec.ZoneSigner;
import dev.jdns.resolver.validate.TrustAnchors;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code jdns lab --dnssec}: the lab's internet signed from the root down, with keys made for this run (a KSK and
 * a ZSK per zone, ECDSAP256SHA256, NSEC). Zones are signed deepest first, so that each parent is signed holding
 * its children's DS records (RFC 4035 section 2.4); the root's DS is the trust anchor. The {@link DnssecCase}
 * zones are added under one signed parent ({@link DemoZones}) and broken as each case says.
 */
public final class LabSigner {

    /** How far back the expired zone is signed: its signatures (14 days) ran out 16 days ago. */
    static final Duration EXPIRED_AGO = Duration.ofDays(30);

    private static final ZoneSigner SIGNER = new ZoneSigner(Denial.NSEC, SignaturePolicy.DEFAULT);

    /** One broken (or insecure) zone of the signed lab. */
    public record Case(DnssecCase kind, Name zone) {

        /** The name to ask for: {@code www} in the zone, the name the case breaks. */
        public Name probe() {
            return DemoZones.www(zone);
        }
    }

    /**
     * The signed internet: its topology (the demonstration server included), the root's DS records that the
     * resolver trusts, and the broken zones.
     */
    public record SignedLab(Topology topology, List<DSRecord> rootAnchor, List<Case> cases) {

        public SignedLab {
            rootAnchor = List.copyOf(rootAnchor);
            cases = List.copyOf(cases);
        }

        /** The root's DS as the lab's resolver trusts it. */
        public TrustAnchors trustAnchors() {
            return TrustAnchors.of(rootAnchor);
        }
    }

    private final Instant now;
    private final Map<Name, ZoneKeys> keys = new HashMap<>();
    private final Map<Name, DnssecCase> caseOf = new HashMap<>();

    private LabSigner(Instant now) {
        this.now = now;
    }

    /** Signs {@code unsigned} (and its added broken zones) at {@code now}. */
    public static SignedLab sign(Topology unsigned, Instant now) throws TopologyException {
        DemoZones demo = DemoZones.under(unsigned);
        Map<Name, LoadedZone> zones = new LinkedHashMap<>();
        for (LoadedZone zone : demo.zones()) {
            zones.put(zone.origin(), zone);
        }
        LabSigner signer = new LabSigner(now);
        demo.cases().forEach(c -> signer.caseOf.put(c.zone(), c.kind()));
        List<LoadedZone> signed = new ArrayList<>();
        List<Name> deepestFirst = zones.keySet().stream()
                .sorted(Comparator.comparingInt(Name::labels).reversed()).toList();
        for (Name origin : deepestFirst) {
            signed.add(signer.signZone(zones.get(origin), zones.keySet()));
        }
        signed.sort(Comparator.comparing(LoadedZone::origin));
        return new SignedLab(Topology.of(unsigned.directory(), signed), signer.keys.get(Name.root).ds(),
                demo.cases());
    }

    /** One zone, its children (all signed before it) delegated with their DS. */
    private LoadedZone signZone(LoadedZone zone, Set<Name> origins) {
        Name origin = zone.origin();
        DnssecCase kind = caseOf.get(origin);
        List<Record> records = withChildrenDs(zone, origins);
        LoadedZone withDs = LoadedZone.build(origin, zone.source(), records);
        if (kind == DnssecCase.UNSIGNED) {
            return withDs;
        }
        ZoneKeys zoneKeys = newKeys(origin);
        keys.put(origin, zoneKeys);
        Instant signedAt = kind == DnssecCase.EXPIRED ? now.minus(EXPIRED_AGO) : now;
        LoadedZone signed = SIGNER.sign(withDs, zoneKeys, zone.soa().getSerial(), signedAt);
        return kind == DnssecCase.MISSING_RRSIG ? withoutSignatureOf(signed, DemoZones.www(origin), Type.A) : signed;
    }

    /**
     * The zone's records with the DS RRset of each signed child it delegates to, in place of any DS the file had
     * (the keys are new on every run). The DS-without-key case gets the DS of a key its zone never publishes.
     */
    private List<Record> withChildrenDs(LoadedZone zone, Set<Name> origins) {
        List<Record> records = new ArrayList<>(Topology.recordsOf(zone).stream()
                .filter(r -> r.getType() != Type.DS).toList());
        for (Name cut : zone.zoneCuts()) {
            if (!parentOf(cut, origins).filter(zone.origin()::equals).isPresent() || !keys.containsKey(cut)) {
                continue;
            }
            records.addAll(caseOf.get(cut) == DnssecCase.DS_WITHOUT_KEY ? newKeys(cut).ds() : keys.get(cut).ds());
        }
        return records;
    }

    /** The closest enclosing zone of {@code origin} among {@code origins}: the zone that delegates it. */
    private static Optional<Name> parentOf(Name origin, Set<Name> origins) {
        for (Name up = origin; !up.equals(Name.root); ) {
            up = new Name(up, 1);
            if (origins.contains(up)) {
                return Optional.of(up);
            }
        }
        return Optional.empty();
    }

    private static ZoneKeys newKeys(Name origin) {
        try {
            return KeyStore.generate(origin, KeyLayout.KSK_ZSK);
        } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
            throw new IllegalStateException("cannot make DNSSEC keys for " + origin + ": " + e.getMessage(), e);
        }
    }

    /** {@code zone} with the RRSIGs over {@code owner}'s {@code type} RRset removed. */
    private static LoadedZone withoutSignatureOf(LoadedZone zone, Name owner, int type) {
        List<Record> kept = Topology.recordsOf(zone).stream()
                .filter(r -> !(r.getName().equals(owner) && r instanceof RRSIGRecord sig
                        && sig.getTypeCovered() == type))
                .toList();
        return LoadedZone.build(zone.origin(), zone.source(), kept);
    }
}
