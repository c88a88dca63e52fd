package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree {@code main} builds: a run of one command reflects over that command alone (the others' picocli
 * models are garbage a server would keep resident), and help still sees every command.
 */
class MainTest {

    private static final Set<String> ALL = Set.of("serve", "resolver", "dig", "lab", "check", "health", "control",
            "aot-training", "help");

    @Test
    void aRunOfOneCommandBuildsThatCommandAlone() {
        String[] args = {"resolver", "--listen", "127.0.0.1:0", "--cache-size", "512m"};

        assertEquals(Set.of("resolver"), Main.commandLine(args).getSubcommands().keySet());
    }

    @Test
    void helpAMistypedNameOrNoCommandBuildsEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "dig"}, {"resolvr"}}) {
            assertEquals(ALL, Main.commandLine(args).getSubcommands().keySet(), String.join(" ", args));
        }
        assertEquals(ALL, Main.commandLine().getSubcommands().keySet());
    }

    @Test
    void helpForACommandPrintsThatCommandsUsage() {
        String[] args = {"help", "dig"};
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));

        assertEquals(0, commandLine.execute(args));
        assertTrue(out.toString().startsWith("Usage: jdns dig "), out.toString());
    }

    @Test
    void aCommandRunAloneKeepsItsQualifiedNameInUsageErrors() {
        String[] args = {"resolver", "--no-such-flag"};
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(args);
        commandLine.setErr(new PrintWriter(err, true));

        assertEquals(Main.USAGE_ERROR, commandLine.execute(args));
        assertTrue(err.toString().startsWith("jdns resolver: Unknown option: '--no-such-flag'"), err.toString());
    }
}
