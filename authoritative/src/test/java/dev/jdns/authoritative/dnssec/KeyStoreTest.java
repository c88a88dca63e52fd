package dev.jdns.authoritative.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/** Keys are made once, kept private on disk, and the same keys (and DS) come back after a restart. */
class KeyStoreTest {

    private static final Name ZONE = Name.fromConstantString("signed.example.");

    @TempDir
    Path state;

    @Test
    void keysPersistAcrossRestarts() throws Exception {
        ZoneKeys first = new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);
        String ds = Files.readString(state.resolve("signed.example.ds"));

        ZoneKeys again = new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);

        assertEquals(1, first.keys().size());
        assertEquals(first.dnskeys(), again.dnskeys());
        assertEquals(first.keys().get(0).tag(), again.keys().get(0).tag());
        assertEquals(ds, Files.readString(state.resolve("signed.example.ds")));
        assertEquals(first.ds().get(0) + "\n", ds);
    }

    @Test
    void keysOnDiskWinOverTheLayoutAsked() throws Exception {
        ZoneKeys split = new KeyStore(state, KeyLayout.KSK_ZSK, InstantSource.system()).keysFor(ZONE);

        ZoneKeys again = new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);

        assertEquals(2, split.keys().size());
        assertEquals(split.dnskeys(), again.dnskeys());
        assertEquals(1, again.ds().size(), "one DS, for the KSK only");
        assertEquals(DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY,
                again.keySigningKeys().get(0).dnskey().getFlags());
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);

        List<Path> privates = files(".private");
        assertEquals(1, privates.size());
        assertTrue(privates.get(0).getFileName().toString().matches("Ksigned\\.example\\.\\+013\\+\\d{5}\\.private"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(privates.get(0)));
        assertTrue(Files.readString(privates.get(0)).startsWith("Private-key-format: v1.3\nAlgorithm: 13"));
    }

    @Test
    void aPrivateKeyThatDoesNotMatchItsDnskeyIsRefused() throws Exception {
        new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);
        Path privateFile = files(".private").get(0);
        String text = Files.readString(privateFile);
        String other = "PrivateKey: " + java.util.Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32});
        Files.writeString(privateFile, text.replaceAll("PrivateKey: \\S+", other));

        IOException e = assertThrows(IOException.class,
                () -> new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE));

        assertTrue(e.getMessage().contains("does not match its DNSKEY"), e.getMessage());
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> list = Files.list(state.resolve("keys"))) {
            return list.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
