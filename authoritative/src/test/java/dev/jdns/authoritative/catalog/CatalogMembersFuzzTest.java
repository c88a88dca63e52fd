package dev.jdns.authoritative.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jdns.authoritative.LoadedZone;
import dev.jdns.authoritative.ZoneLoadException;
import dev.jdns.authoritative.ZoneLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.Name;

/**
 * Arbitrary bytes as a catalog zone ({@code catalog.invalid.zone}, as a secondary saves the copy it transferred, and
 * as a transfer's records are checked): when it loads, {@link CatalogMembers} either refuses it with {@link
 * CatalogMembers.Unusable} or lists at most {@link CatalogMembers#MAX_MEMBERS} members, each under a one-label ID
 * and none inside the catalog; never another exception.
 *
 * <p>Seeds: {@code src/test/resources/dev/jdns/authoritative/catalog/CatalogMembersFuzzTestInputs/catalogs/};
 * fuzzing: see fuzz/README.md.
 */
class CatalogMembersFuzzTest {

    private static final Name CATALOG = Name.fromConstantString("catalog.invalid.");
    private static Path dir;
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        dir = Files.createTempDirectory("jdns-catalog-fuzz");
        file = dir.resolve("catalog.invalid.zone");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void catalogs(byte[] text) throws IOException {
        Files.write(file, text);
        LoadedZone zone;
        try {
            zone = ZoneLoader.load(file, CATALOG);
        } catch (ZoneLoadException notAZone) {
            return; // the transfer or the saved copy is refused before any catalog reading
        }
        try {
            CatalogMembers members = CatalogMembers.read(zone);
            assertTrue(members.idsByMember().size() <= CatalogMembers.MAX_MEMBERS);
            for (Map.Entry<Name, String> member : members.idsByMember().entrySet()) {
                assertFalse(member.getKey().subdomain(CATALOG), member.toString());
                assertFalse(member.getValue().isEmpty(), member.toString());
            }
        } catch (CatalogMembers.Unusable refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
