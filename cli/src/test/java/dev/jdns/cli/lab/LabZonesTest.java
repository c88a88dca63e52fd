package dev.jdns.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zones built into the jar are zones/ (README aside), so `jdns lab` anywhere serves the same internet. */
class LabZonesTest {

    @Test
    void theEmbeddedZonesAreACopyOfTheCheckoutZones() throws Exception {
        Path unpacked = LabZones.unpackEmbedded();
        List<String> names = fileNames(unpacked);
        assertEquals(fileNames(Checkout.zones()).stream().filter(n -> !n.equals("README.md")).toList(), names);
        for (String name : names) {
            assertEquals(Files.readString(Checkout.zones().resolve(name)), Files.readString(unpacked.resolve(name)),
                    name);
        }
    }

    @Test
    void anExplicitFolderWins(@TempDir Path dir) throws Exception {
        assertEquals(dir.toAbsolutePath(), LabZones.locate(dir).directory());
        assertEquals("--zones", LabZones.locate(dir).description());
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
