package dev.jdns.authoritative;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Zone file in, checked {@link LoadedZone} out. Parsing is dnsjava's {@code Master} (RFC 1035 §5 master files
 * with {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE}, {@code $GENERATE}); this class decides the origin and
 * refuses zones that {@code named-checkzone} would refuse (see {@link ZoneChecks}).
 *
 * <p>Origin: the owner of the SOA record, which {@code $ORIGIN} or an absolute owner determines; a file
 * without either is read relative to the origin named by its file name ({@code example.com.zone},
 * {@code example.com}, and {@code root.zone} for the root).
 */
public final class ZoneLoader {

    private static final System.Logger LOG = System.getLogger(ZoneLoader.class.getName());
    private static final String ZONE_SUFFIX = ".zone";

    private ZoneLoader() {}

    /**
     * Loads {@code file}; the origin comes from the file's SOA owner, else from the file name. Whatever is wrong
     * with the file, the only exception is a {@link ZoneLoadException}.
     */
    public static LoadedZone load(Path file) throws ZoneLoadException {
        return loadWithSources(file, records -> { });
    }

    /** As {@link #load(Path)}, handing the records with their file and line to {@code sources} first. */
    static LoadedZone loadWithSources(Path file, Consumer<List<SourcedRecord>> sources) throws ZoneLoadException {
        try {
            Name fromName = originFromFileName(file).orElse(Name.root);
            List<SourcedRecord> records = ZoneFileReader.read(file, fromName);
            sources.accept(records);
            Name apex = records.stream()
                    .map(SourcedRecord::record)
                    .filter(r -> r.getType() == Type.SOA)
                    .map(Record::getName)
                    .findFirst()
                    .orElse(fromName);
            return check(apex, file, records);
        } catch (RuntimeException e) {
            throw unforeseen(file, e);
        }
    }

    /** Loads {@code file} as the zone {@code origin}: its SOA must be at that name. */
    public static LoadedZone load(Path file, Name origin) throws ZoneLoadException {
        if (!origin.isAbsolute()) {
            throw new IllegalArgumentException("origin must be absolute: " + origin);
        }
        try {
            return check(origin, file, ZoneFileReader.read(file, origin));
        } catch (RuntimeException e) {
            throw unforeseen(file, e);
        }
    }

    /**
     * The origin a file name stands for: {@code example.com.zone} and {@code example.com} give
     * {@code example.com.}; {@code root.zone}, {@code root} and {@code .zone} give the root.
     */
    public static Optional<Name> originFromFileName(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(ZONE_SUFFIX)) {
            name = name.substring(0, name.length() - ZONE_SUFFIX.length());
        }
        if (name.isEmpty() || name.equals(".") || name.equalsIgnoreCase("root")) {
            return Optional.of(Name.root);
        }
        try {
            return Optional.of(Name.fromString(name, Name.root));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A failure no check foresaw (dnsjava refusing data the checks let through, say). It still says which file
     * and why in one line, so neither start-up nor a reload of the other zones is ever cut short by it.
     */
    private static ZoneLoadException unforeseen(Path file, RuntimeException e) {
        LOG.log(Level.DEBUG, "unforeseen failure loading " + file, e);
        return new ZoneLoadException(SourceLocation.of(file), "cannot load zone: " + ZoneFileReader.reasonOf(e), e);
    }

    private static LoadedZone check(Name apex, Path file, List<SourcedRecord> records) throws ZoneLoadException {
        List<ZoneLoadException.Problem> problems = ZoneChecks.check(apex, file, records);
        if (!problems.isEmpty()) {
            throw new ZoneLoadException(problems);
        }
        LoadedZone zone = LoadedZone.build(apex, file, records.stream().map(SourcedRecord::record).toList());
        LOG.log(Level.DEBUG, "loaded {0}", zone);
        return zone;
    }
}
