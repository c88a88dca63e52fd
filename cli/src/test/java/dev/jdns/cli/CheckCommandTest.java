package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.Checkout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `jdns check`: the load-time checks as a command, and what only shows between zones checked together. */
class CheckCommandTest {

    /** A parent delegating child.test. to ns1 and ns2 (glue for both), and the child agreeing with it. */
    private static final String PARENT = """
            $ORIGIN test.
            $TTL 3600
            @          SOA  ns hostmaster 1 7200 3600 1209600 300
            @          NS   ns
            ns         A    192.0.2.1
            child      NS   ns1.child
            child      NS   ns2.child
            ns1.child  A    192.0.2.11
            ns2.child  A    192.0.2.12
            """;
    private static final String CHILD = """
            $ORIGIN child.test.
            $TTL 3600
            @    SOA  ns1 hostmaster 1 7200 3600 1209600 300
            @    NS   ns1
            @    NS   ns2
            ns1  A    192.0.2.11
            ns2  A    192.0.2.12
            www  CNAME web
            web  A    192.0.2.80
            """;

    @TempDir
    Path dir;

    record Result(int exitCode, List<String> out, String err) {}

    private static Result check(Path... sources) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] args = new String[sources.length + 1];
        args[0] = "check";
        for (int i = 0; i < sources.length; i++) {
            args[i + 1] = sources[i].toString();
        }
        return new Result(commandLine.execute(args), out.toString().lines().toList(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theLabZonesAreClean() {
        Result result = check(Checkout.zones());

        assertEquals(0, result.exitCode(), String.join("\n", result.out()));
        assertEquals(1, result.out().size(), result.out().toString());
        assertTrue(result.out().get(0).matches("jdns check: \\d+ zones from \\d+ files, 0 problems"),
                result.out().get(0));
    }

    @Test
    void agreeingZonesPass() throws IOException {
        write("test.zone", PARENT);
        write("child.test.zone", CHILD);

        Result result = check(dir);

        assertEquals(List.of("jdns check: 2 zones from 2 files, 0 problems"), result.out());
        assertEquals(0, result.exitCode());
    }

    @Test
    void aLameDelegationIsReportedAtTheParentsNsLineAndAnExtraChildNsAtTheChilds() throws IOException {
        Path parent = write("test.zone", PARENT.replace("child      NS   ns2.child", "child      NS   ns3.child")
                .replace("ns2.child  A    192.0.2.12", "ns3.child  A    192.0.2.13"));
        Path child = write("child.test.zone", CHILD);

        Result result = check(dir);

        assertEquals(1, result.exitCode());
        assertEquals(List.of(
                child + ":5: child.test. lists ns2.child.test. at its apex, which the delegation in test."
                        + " [ns1.child.test., ns3.child.test.] does not (RFC 1034 §4.2.2)",
                parent + ":7: test. delegates child.test. to ns3.child.test., which child.test.'s apex NS set"
                        + " [ns1.child.test., ns2.child.test.] does not list (lame delegation, RFC 1034 §4.2.2)",
                parent + ":9: glue A [192.0.2.13] for ns3.child.test. in test. but ns3.child.test. has no A record"
                        + " in its zone child.test. (" + child + ")",
                "jdns check: 2 zones from 2 files, 3 problems"), result.out());
    }

    @Test
    void glueThatDisagreesWithTheNameServersZoneIsReported() throws IOException {
        Path parent = write("test.zone", PARENT.replace("192.0.2.11", "198.51.100.11"));
        write("child.test.zone", CHILD);

        Result result = check(dir);

        assertEquals(1, result.exitCode());
        assertEquals(parent + ":8: glue A [198.51.100.11] for ns1.child.test. in test. differs from [192.0.2.11]"
                + " in its zone child.test. (" + dir.resolve("child.test.zone") + ")", result.out().get(0));
    }

    @Test
    void aZoneItsParentDoesNotDelegateIsReported() throws IOException {
        Path parent = write("test.zone", PARENT.lines().filter(line -> !line.contains("child"))
                .reduce("", (a, b) -> a + b + "\n"));
        write("child.test.zone", CHILD);

        Result result = check(dir);

        assertEquals(1, result.exitCode());
        assertEquals(parent + ":3: zone child.test. (" + dir.resolve("child.test.zone") + ") is served but test."
                + " does not delegate it: no resolver would find it", result.out().get(0));
    }

    @Test
    void aCnameIntoACheckedZoneThatLacksTheTargetDangles() throws IOException {
        write("test.zone", PARENT + "alias CNAME gone.child.test.\nout CNAME www.elsewhere.example.\n");
        Path child = write("child.test.zone", CHILD.replace("web  A", "web2 A"));

        Result result = check(dir);

        assertEquals(1, result.exitCode());
        assertEquals(List.of(
                child + ":8: CNAME www.child.test. points at web.child.test., which does not exist in zone"
                        + " child.test. (" + child + "): the alias dangles",
                dir.resolve("test.zone") + ":10: CNAME alias.test. points at gone.child.test., which does not"
                        + " exist in zone child.test. (" + child + "): the alias dangles",
                "jdns check: 2 zones from 2 files, 2 problems"), result.out());
    }

    @Test
    void aBrokenFileIsReportedAndTheOthersAreStillCheckedTogether() throws IOException {
        Path broken = write("broken.zone", "$ORIGIN broken.\n@ 3600 SOA ns hostmaster 1 2 3 4 5\nwww A\n");
        write("test.zone", PARENT);
        write("child.test.zone", CHILD.replace("web  A", "web2 A"));

        Result result = check(dir);

        assertEquals(1, result.exitCode());
        assertTrue(result.out().get(0).startsWith(broken + ":"), result.out().toString());
        assertTrue(result.out().get(1).contains("the alias dangles"), result.out().toString());
        assertEquals("jdns check: 2 zones from 3 files, 2 problems", result.out().get(2));
    }

    @Test
    void aFolderWithoutZoneFilesIsAUsageError() {
        Result result = check(dir);

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("jdns check: no zone files in"), result.err());
    }

    @Test
    void aMissingFileIsAUsageError() {
        Result result = check(dir.resolve("nope.zone"));

        assertEquals(2, result.exitCode());
        assertEquals("jdns check: " + dir.resolve("nope.zone") + ": no such file or directory\n", result.err());
    }
}
