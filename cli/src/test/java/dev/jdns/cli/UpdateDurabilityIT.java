package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import dev.jdns.transport.testing.peers.PeerKey;
import dev.jdns.transport.testing.peers.PeerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * An acknowledged update survives {@code kill -9}: {@code java -jar jdns.jar serve} as its own process takes signed
 * updates, is killed (SIGKILL, no shutdown hook runs) the moment the last acknowledgement arrives, and once
 * restarted on the same zone file and state directory serves every acknowledged change with its serial.
 */
class UpdateDurabilityIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int UPDATES = 5;

    @TempDir
    Path dir;
    private final PeerKey key = PeerKey.random("upd-key", "hmac-sha256");

    @Test
    void acknowledgedUpdatesSurviveKillDashNine() throws Exception {
        Path zoneFile = Files.writeString(dir.resolve("example.com.zone"), """
                $ORIGIN example.com.
                @    3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300
                @    3600 IN NS  ns1
                ns1  3600 IN A   192.0.2.53
                www  3600 IN A   192.0.2.1
                """);
        InetSocketAddress address = PeerProcess.freeAddress("127.0.0.1");
        Process first = startServe(address, zoneFile, dir.resolve("first.log"));
        try {
            for (int i = 0; i < UPDATES; i++) {
                Update update = new Update(Name.fromConstantString("example.com."));
                update.add(Name.fromConstantString("h" + i + ".example.com."), Type.A, 60, "192.0.2." + (10 + i));
                if (i == UPDATES - 1) {
                    update.delete(Name.fromConstantString("www.example.com."), Type.A);
                }
                assertEquals(Rcode.NOERROR, sendSigned(address, update), "update " + i);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL on Unix: nothing gets to flush or close
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "killed");
        }
        assertEquals(137, first.exitValue(), "killed by SIGKILL");

        Process second = startServe(address, zoneFile, dir.resolve("second.log"));
        try {
            for (int i = 0; i < UPDATES; i++) {
                assertEquals(1, answer(address, "h" + i + ".example.com.", Type.A).size(), "h" + i);
            }
            assertTrue(answer(address, "www.example.com.", Type.A).isEmpty(), "the deletion too");
            assertEquals(1 + UPDATES, ((SOARecord) answer(address, "example.com.", Type.SOA).getFirst()).getSerial());
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** {@code java -jar jdns.jar serve ...}, waited for until it prints its listening line. */
    private Process startServe(InetSocketAddress address, Path zoneFile, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar().toString(), "serve",
                "--listen", address.getAddress().getHostAddress() + ":" + address.getPort(),
                "--key", key.spec(), "--allow-update", "example.com.=key:" + key.name(),
                "--state-dir", dir.resolve("state").toString(),
                zoneFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readString(log).contains("listening on")) {
                return process;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("jdns serve did not start: " + Files.readString(log));
    }

    private int sendSigned(InetSocketAddress server, Message update) throws IOException {
        TSIG tsig = new TSIG(TSIG.HMAC_SHA256, key.name(), key.secret());
        update.setTSIG(tsig, Rcode.NOERROR, null);
        byte[] wire = update.toWire(Message.MAXLENGTH);
        byte[] reply = LoopbackClient.tcpRaw(server, wire, Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no acknowledgement"));
        Message parsed = LoopbackClient.parse(reply);
        assertEquals(Rcode.NOERROR, tsig.verify(parsed, reply, new Message(wire).getTSIG()), "reply signed");
        return parsed.getRcode();
    }

    private static List<Record> answer(InetSocketAddress server, String name, int type) {
        Message reply = LoopbackClient.udp(server, TestQueries.query(name, type)).orElseThrow();
        return reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
    }

    private static Path jar() {
        String jar = System.getProperty("jdns.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("no jdns.jar (system property jdns.jar = " + jar + "): run as `mvn verify`, after package");
        }
        return Path.of(jar);
    }
}
