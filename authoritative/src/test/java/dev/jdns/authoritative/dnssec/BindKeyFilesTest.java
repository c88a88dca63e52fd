package dev.jdns.authoritative.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.peers.PeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** BIND's tools read the key files jdns writes: the same DS from the .key, a signed zone from the .private. */
class BindKeyFilesTest {

    private static final Name ZONE = Name.fromConstantString("signed.example.");

    @TempDir
    Path state;

    @Test
    void dnssecDsfromkeyComputesOurDs() throws Exception {
        ZoneKeys keys = new KeyStore(state, KeyLayout.CSK, InstantSource.system()).keysFor(ZONE);
        Path keyFile = keyFiles(".key").get(0);

        String bind = run("dnssec-dsfromkey", "-2", keyFile.toString()).trim();

        String ours = keys.ds().get(0).rdataToString();
        assertEquals(ours, bind.substring(bind.indexOf(" DS ") + 4), bind);
    }

    @Test
    void dnssecSignzoneSignsWithOurPrivateKey() throws Exception {
        new KeyStore(state, KeyLayout.KSK_ZSK, InstantSource.system()).keysFor(ZONE);
        Path zone = state.resolve("zone");
        Files.writeString(zone, SigningFixtures.ZONE);

        // -d: the dsset file it writes goes to the temporary folder, not the working directory.
        run("dnssec-signzone", "-K", state.resolve("keys").toString(), "-d", state.toString(), "-S",
                "-o", ZONE.toString(),
                "-f", state.resolve("zone.signed").toString(), zone.toString());

        SigningFixtures.Verdict verdict =
                SigningFixtures.dnssecVerify(state.resolve("zone.signed"), ZONE, KeyLayout.KSK_ZSK);
        assertEquals(0, verdict.exitCode(), verdict.output());
    }

    private List<Path> keyFiles(String suffix) throws Exception {
        try (var list = Files.list(state.resolve("keys"))) {
            return list.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    private static String run(String tool, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PeerProcess.requireExecutable(tool).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), tool + " did not finish");
        assertEquals(0, process.exitValue(), tool + ": " + output);
        return output.lines().filter(line -> !line.contains("warning")).reduce("", (a, b) -> a + b + "\n");
    }
}
