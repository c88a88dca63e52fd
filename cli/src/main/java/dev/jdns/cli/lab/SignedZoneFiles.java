package dev.jdns.cli.lab;

import dev.jdns.authoritative.LoadedZone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The folder that {@code jdns lab --dnssec --compose --files DIR} gives the containers: every zone of the signed
 * lab as a zone file (already signed: {@code jdns serve} answers it with its RRSIGs and proofs, and needs no keys),
 * the root hints and hosts file, and the root trust anchor for the resolver ({@link LabFiles#TRUST_ANCHOR}). A zone
 * keeps the file name of its source, so {@link ComposeFile}'s {@code jdns serve} commands name the same files.
 */
public final class SignedZoneFiles {

    private SignedZoneFiles() {}

    /** Writes the folder (created if missing); files of the same names are replaced. */
    public static void write(LabSigner.SignedLab lab, Path directory) throws IOException {
        Files.createDirectories(directory);
        Topology topology = lab.topology();
        for (LoadedZone zone : topology.zones()) {
            Files.writeString(directory.resolve(zone.source().getFileName()), zoneText(zone));
        }
        Files.copy(topology.rootHints(), directory.resolve(Topology.ROOT_HINTS), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(topology.hostsFile(), directory.resolve(Topology.HOSTS), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(directory.resolve(LabFiles.TRUST_ANCHOR), LabFiles.anchorText(lab.trustAnchors()));
    }

    /** The zone in master-file syntax: the SOA first, then every owner in canonical order (RFC 4034 section 6.1). */
    static String zoneText(LoadedZone zone) {
        List<Record> records = new ArrayList<>(Topology.recordsOf(zone));
        records.sort(Comparator.comparing((Record r) -> r.getType() != Type.SOA)
                .thenComparing(Record::getName)
                .thenComparingInt(Record::getType));
        StringBuilder text = new StringBuilder("; ").append(zone.origin())
                .append(" from jdns lab --dnssec (keys made for that run)\n")
                .append("$ORIGIN ").append(zone.origin()).append('\n');
        records.forEach(record -> text.append(record).append('\n'));
        return text.toString();
    }
}
