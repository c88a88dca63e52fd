package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.authoritative.ZoneLookup;
import dev.jdns.cli.lab.Checkout;
import dev.jdns.resolver.core.ResolutionLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The resolver's limits have one home, {@link ResolutionLimits#table()}: {@code jdns resolver --help} prints it and
 * README quotes it, and this test fails when either says something else than the code.
 */
class ResolutionLimitsTableTest {

    private static final ResolutionLimits.Row[] ROWS =
            ResolutionLimits.DEFAULTS.table().toArray(ResolutionLimits.Row[]::new);

    @Test
    void helpPrintsEveryLimitWithItsValueAndReason() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        assertEquals(0, commandLine.execute("resolver", "--help"));

        String help = out.toString().replace(System.lineSeparator(), "\n");
        int width = commandLine.getSubcommands().get("resolver").getCommandSpec().usageMessage().width() - 1;
        for (ResolutionLimits.Row row : ROWS) {
            String lines = String.join("\n", ResolverCommand.LimitsInHelp.helpLines(row, width));
            assertTrue(help.contains(lines), () -> "--help lacks\n" + lines + "\nin\n" + help);
        }
    }

    @Test
    void readmeQuotesTheTableAsTheCodeStatesIt() throws IOException {
        String readme = Files.readString(Checkout.root().resolve("README.md"));
        String table = "| limit | default | why |\n|---|---|---|\n" + Arrays.stream(ROWS)
                .map(row -> "| " + row.limit() + " | " + row.value() + " | " + row.reason() + " |")
                .collect(Collectors.joining("\n")) + "\n";

        assertTrue(readme.contains(table), () -> "README.md should quote the limits table as:\n" + table);
    }

    @Test
    void theAliasChainReasonNamesTheServersBound() {
        String reason = ROWS[2].reason();

        assertEquals("CNAME/DNAME hops", ROWS[2].limit());
        assertTrue(reason.contains("(" + ZoneLookup.MAX_CHAIN_LINKS + " links per answer)"), reason);
        assertTrue(ResolutionLimits.DEFAULT_MAX_ALIAS_HOPS < ZoneLookup.MAX_CHAIN_LINKS,
                "the reason says the server's bound is the looser one");
    }
}
