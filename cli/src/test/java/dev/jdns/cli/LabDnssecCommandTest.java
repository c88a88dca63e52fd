package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.lab.ComposeFile;
import dev.jdns.cli.lab.ComposeFileReader;
import dev.jdns.cli.lab.ComposeFileReader.ComposeService;
import dev.jdns.cli.lab.LabFiles;
import dev.jdns.cli.lab.LabNetwork;
import dev.jdns.cli.lab.LabSigner;
import dev.jdns.cli.lab.LabZones;
import dev.jdns.cli.lab.Topology;
import dev.jdns.resolver.validate.TrustAnchors;
import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/**
 * {@code jdns lab --dnssec} as a user runs it: the banner names the broken zones, and {@code --compose} writes
 * signed zone files that {@code jdns serve} answers with signatures and that validate from the anchor written beside
 * them, mounted by the compose file with a validating resolver.
 */
class LabDnssecCommandTest {

    private static final Path ZONES = Path.of("..", "zones").toAbsolutePath().normalize();
    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final DnsClient client = new DnsClient(Duration.ofSeconds(5));

    @Test
    void theBannerNamesEachBrokenZoneWithADigCommandAndTheAnchorFile(@TempDir Path files) throws Exception {
        LabSigner.SignedLab signed = LabSigner.sign(Topology.load(ZONES), Instant.now());
        try (LabNetwork lab = LabNetwork.start(signed.topology(), EPHEMERAL, signed.trustAnchors());
                LabFiles written = LabFiles.write(signed.topology(), lab, files)) {
            String banner = LabBanner.text(signed.topology(), LabZones.locate(ZONES), lab, List.of(written), "./jdns")
                    + LabBanner.dnssecText(signed, lab, List.of(written), "./jdns");
            String ask = "./jdns dig @127.0.0.1 -p " + lab.resolverAddress().getPort() + " +dnssec ";
            for (LabSigner.Case broken : signed.cases()) {
                assertTrue(banner.contains(ask + broken.probe().toString(true)), broken + "\n" + banner);
                assertTrue(banner.contains(broken.kind().verdict()), banner);
            }
            assertTrue(banner.contains("ns-dnssec.example.com"), "the cases' server is listed\n" + banner);
            assertTrue(banner.contains(written.trustAnchor().toString()), banner);
        }
    }

    @Test
    void composeNeedsAFolderForTheSignedZones() {
        assertEquals(Main.USAGE_ERROR, run("lab", "--dnssec", "--compose", "--zones", ZONES.toString()));
        assertTrue(err.toString().contains("--files"), err.toString());
    }

    @Test
    void composeWritesSignedZonesThatServeSignedAndValidate(@TempDir Path dir) throws Exception {
        Path signedDir = dir.resolve("signed");
        assertEquals(0, run("lab", "--dnssec", "--compose", "--files", signedDir.toString(), "--zones",
                ZONES.toString()), err.toString());
        Path compose = Files.writeString(dir.resolve("docker-compose.yml"), out.toString());
        Map<String, ComposeService> services = ComposeFileReader.read(compose);
        List<String> resolverCommand = services.get(ComposeFile.RESOLVER_SERVICE).command();
        assertEquals(List.of("--trust-anchor", ComposeFile.ZONES_MOUNT + "/" + LabFiles.TRUST_ANCHOR),
                resolverCommand.subList(resolverCommand.size() - 2, resolverCommand.size()));
        for (ComposeService service : services.values()) {
            assertEquals(signedDir.toString(), service.zonesVolume(), service.name());
            for (String argument : service.command()) {
                if (argument.startsWith(ComposeFile.ZONES_MOUNT + "/")) {
                    assertTrue(Files.isRegularFile(onHost(argument, signedDir)), argument);
                }
            }
        }
        assertTrue(services.containsKey("ns-dnssec-example-com"), services.keySet().toString());
        assertRootServerAnswersSigned(services.get("a-root-servers-net"), signedDir);
        assertValidatesFromTheWrittenAnchor(signedDir);
    }

    /** {@code jdns serve} run with the compose file's command, on loopback: DNSKEY and DS come with RRSIGs. */
    private void assertRootServerAnswersSigned(ComposeService root, Path signedDir) throws Exception {
        List<String> args = new ArrayList<>();
        List<String> command = root.command().subList(1, root.command().size()); // after "serve"
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            boolean listenValue = i > 0 && command.get(i - 1).equals("--listen");
            args.add(listenValue ? "127.0.0.1:0" : argument.startsWith(ComposeFile.ZONES_MOUNT + "/")
                    ? onHost(argument, signedDir).toString() : argument);
        }
        try (RunningServe serve = RunningServe.start(args.toArray(String[]::new))) {
            for (String[] question : List.of(new String[] {".", "DNSKEY"}, new String[] {"com.", "DS"})) {
                int type = Type.value(question[1]);
                Message signed = ask(serve.address(), question[0], type, true, false);
                assertEquals(Rcode.NOERROR, signed.getRcode(), signed::toString);
                assertTrue(signed.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == type));
                assertTrue(signed.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.RRSIG),
                        signed::toString);
                Message plain = ask(serve.address(), question[0], type, false, false);
                assertTrue(plain.getSection(Section.ANSWER).stream().noneMatch(r -> r.getType() == Type.RRSIG));
            }
        }
    }

    /** The written folder is a lab of its own: a secure name gets AD, an expired zone SERVFAIL with EDE 7. */
    private void assertValidatesFromTheWrittenAnchor(Path signedDir) throws Exception {
        TrustAnchors anchor = TrustAnchors.load(List.of(signedDir.resolve(LabFiles.TRUST_ANCHOR)));
        try (LabNetwork lab = LabNetwork.start(Topology.load(signedDir), EPHEMERAL, anchor)) {
            Message secure = ask(lab.resolverAddress(), "www.example.com.", Type.A, true, true);
            assertEquals(Rcode.NOERROR, secure.getRcode(), secure::toString);
            assertTrue(secure.getHeader().getFlag(Flags.AD), secure::toString);
            Message expired = ask(lab.resolverAddress(), "www.expired.example.com.", Type.A, true, true);
            assertEquals(Rcode.SERVFAIL, expired.getRcode(), expired::toString);
            assertEquals(List.of(ExtendedErrorCodeOption.SIGNATURE_EXPIRED), extendedErrors(expired));
        }
    }

    private static Path onHost(String inContainer, Path signedDir) {
        return signedDir.resolve(inContainer.substring(ComposeFile.ZONES_MOUNT.length() + 1));
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--log-level", "warning"));
        return commandLine.execute(all.toArray(String[]::new));
    }

    private Message ask(InetSocketAddress server, String name, int type, boolean dnssecOk, boolean recursion)
            throws Exception {
        Message query = client.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN), recursion);
        if (dnssecOk) {
            query.removeRecord(query.getOPT(), Section.ADDITIONAL);
            query.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        Message reply = client.exchange(server, query, Protocol.UDP).message();
        assertFalse(reply.getHeader().getFlag(Flags.TC), "the client retries truncated replies over TCP");
        return reply;
    }

    private static List<Integer> extendedErrors(Message reply) {
        List<Integer> codes = new ArrayList<>();
        if (reply.getOPT() != null) {
            for (EDNSOption option : reply.getOPT().getOptions()) {
                if (option instanceof ExtendedErrorCodeOption ede) {
                    codes.add(ede.getErrorCode());
                }
            }
        }
        return codes;
    }
}
