package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dig's exit codes: 0 for any reply (NXDOMAIN too), 1 usage, 8 batch file unreadable, 9 no reply. */
class ExitCodeTest {

    @TempDir
    static Path dir;
    private static AuthServers servers;
    private static String port;

    @BeforeAll
    static void start() throws Exception {
        servers = new AuthServers(dir);
        port = Integer.toString(servers.serve("127.0.0.1", 0, "example.test.zone", """
                $ORIGIN example.test.
                @ 300 SOA ns1 hostmaster 1 3600 600 86400 60
                @ 300 NS  ns1
                ns1 300 A 127.0.0.1
                """).getPort());
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void nxdomainIsAnAnswerAndExitsZero() {
        DigRun run = DigRun.of("@127.0.0.1", "-p", port, "nope.example.test");

        assertEquals(0, run.exit());
        assertTrue(run.out().contains("status: NXDOMAIN"), run.out());
    }

    @Test
    void badArgumentsGiveOneLineAndExitOne() {
        for (String[] args : new String[][] {{"+bogus"}, {"-p", "x", "a.test"}, {"--upstream-port", "x"}}) {
            DigRun run = DigRun.of(args);

            assertEquals(1, run.exit(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("jdns dig: "), run.err());
            assertTrue(!run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void anUnreadableBatchFileExitsEight() {
        DigRun run = DigRun.of("@127.0.0.1", "-p", port, "-f", dir.resolve("missing").toString());

        assertEquals(8, run.exit());
        assertTrue(run.err().startsWith("jdns dig: couldn't open batch file"), run.err());
    }

    @Test
    void aMissingRootHintsFileIsNamedWithWhatIsWrong() {
        String missing = dir.resolve("missing.hints").toString();
        for (String mode : new String[] {"+explain", "+trace"}) {
            DigRun run = DigRun.of(mode, "--root-hints", missing, "www.example.test");

            assertEquals(1, run.exit(), run.err());
            assertEquals("jdns dig: root hints file " + missing + " does not exist", run.err().strip());
        }
    }

    @Test
    void aServerThatNeverAnswersExitsNine() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DigRun run = DigRun.of("@127.0.0.1", "-p", Integer.toString(silent.getLocalPort()), "+time=1", "+tries=1",
                    "www.example.test");

            assertEquals(9, run.exit());
            assertTrue(run.out().contains(";; no servers could be reached"), run.out());
            assertTrue(run.err().contains(";; communications error to 127.0.0.1#"), run.err());
        }
    }
}
