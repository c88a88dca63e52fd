package dev.jdns.authoritative.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.LoadedZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BIND's {@code dnssec-verify} is the judge of a signed zone: every RRset signed by the right keys, the
 * denial-of-existence chain complete and well ordered, the DNSKEY RRset signed by a key-signing key.
 */
class DnssecVerifyTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"NSEC, CSK", "NSEC3, CSK", "NSEC3_OPT_OUT, CSK", "NSEC, KSK_ZSK", "NSEC3, KSK_ZSK"})
    void signedZonePassesDnssecVerify(Denial denial, KeyLayout layout) throws Exception {
        LoadedZone signed = sign(denial, layout);
        Path file = SigningFixtures.write(dir, "signed.db", signed);

        SigningFixtures.Verdict verdict = SigningFixtures.dnssecVerify(file, SigningFixtures.ORIGIN, layout);

        assertEquals(0, verdict.exitCode(), verdict.output());
        assertTrue(verdict.output().contains("Zone fully signed"), verdict.output());
    }

    /** The judge can say no: the same zone with one link of its chain gone is rejected. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"NSEC, NSEC", "NSEC3, NSEC3"})
    void aBrokenChainIsRejected(Denial denial, String type) throws Exception {
        LoadedZone signed = sign(denial, KeyLayout.CSK);
        String text = SigningFixtures.text(signed);
        String firstLink = text.lines().filter(line -> line.matches("\\S+\\s+\\d+\\s+IN\\s+" + type + "\\s.*")).findFirst().orElseThrow();
        Path file = dir.resolve("broken.db");
        Files.writeString(file, text.lines().filter(line -> !line.equals(firstLink))
                .collect(Collectors.joining("\n", "", "\n")));

        SigningFixtures.Verdict verdict = SigningFixtures.dnssecVerify(file, SigningFixtures.ORIGIN, KeyLayout.CSK);

        assertNotEquals(0, verdict.exitCode(), verdict.output());
    }

    private LoadedZone sign(Denial denial, KeyLayout layout) throws Exception {
        LoadedZone zone = SigningFixtures.load(dir, SigningFixtures.ZONE);
        OnlineSigning signing = new OnlineSigning(new OnlineSigning.Selection(true, java.util.Set.of()),
                dir.resolve("state"), layout, denial, SignaturePolicy.DEFAULT, InstantSource.system());
        return signing.prepare(zone);
    }
}
