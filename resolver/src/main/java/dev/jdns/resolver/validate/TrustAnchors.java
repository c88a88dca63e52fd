package dev.jdns.resolver.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base16;

/**
 * The keys validation starts from (RFC 4033 §3.1): DS or DNSKEY records in zone-file syntax, as Unbound's
 * {@code trust-anchor-file} takes them, grouped into one RRset per owner and type. Other record types in a file are
 * an error, so a wrong file is noticed at start rather than silently validating nothing.
 */
public final class TrustAnchors {

    /**
     * The IANA root zone KSK-2017 (key tag 20326, RSASHA256), as its SHA-256 DS: the anchor the built-in IANA root
     * hints come with (https://data.iana.org/root-anchors/).
     */
    static final String IANA_ROOT_DS =
            "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";
    static final int IANA_ROOT_KEY_TAG = 20326;

    /** For records written without a TTL, as dnssec-keygen writes its .key files. */
    private static final long DEFAULT_TTL = 3600;

    private final List<RRset> rrsets;

    private TrustAnchors(List<RRset> rrsets) {
        this.rrsets = List.copyOf(rrsets);
    }

    public static TrustAnchors none() {
        return new TrustAnchors(List.of());
    }

    /** The IANA root anchor, on by default with the IANA root hints. */
    public static TrustAnchors ianaRoot() {
        DSRecord ds = new DSRecord(Name.root, DClass.IN, 172_800, IANA_ROOT_KEY_TAG, 8, DSRecord.Digest.SHA256,
                base16.fromString(IANA_ROOT_DS));
        return new TrustAnchors(List.of(new RRset(ds)));
    }

    /**
     * Reads DS and DNSKEY records from {@code files} ({@code --trust-anchor}).
     *
     * @throws IOException with {@code file:line: reason} when a file cannot be read or parsed, or holds a record
     *                     that is neither DS nor DNSKEY
     */
    public static TrustAnchors load(List<Path> files) throws IOException {
        List<Record> records = new ArrayList<>();
        for (Path file : files) {
            try (Master master = new Master(file.toString(), Name.root, DEFAULT_TTL)) {
                for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
                    if (record.getType() != Type.DS && record.getType() != Type.DNSKEY) {
                        throw new IOException(file + ": " + record.getName() + " " + Type.string(record.getType())
                                + " is not a trust anchor (DS or DNSKEY expected)");
                    }
                    records.add(record);
                }
            } catch (TextParseException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return of(records);
    }

    /**
     * Anchors made in this process (the root DS of the lab's freshly signed internet), grouped as {@link #load}
     * groups a file's.
     *
     * @throws IllegalArgumentException for a record that is neither DS nor DNSKEY
     */
    public static TrustAnchors of(List<? extends Record> records) {
        Map<String, RRset> byOwnerAndType = new LinkedHashMap<>();
        for (Record record : records) {
            if (record.getType() != Type.DS && record.getType() != Type.DNSKEY) {
                throw new IllegalArgumentException(record + " is not a trust anchor (DS or DNSKEY expected)");
            }
            byOwnerAndType.computeIfAbsent(record.getName().canonicalize() + "/" + record.getType(),
                    key -> new RRset()).addRR(record);
        }
        return new TrustAnchors(new ArrayList<>(byOwnerAndType.values()));
    }

    /** These anchors and {@code other}'s. */
    public TrustAnchors and(TrustAnchors other) {
        List<RRset> all = new ArrayList<>(rrsets);
        all.addAll(other.rrsets);
        return new TrustAnchors(all);
    }

    public boolean isEmpty() {
        return rrsets.isEmpty();
    }

    public List<RRset> rrsets() {
        return rrsets;
    }
}
