package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.TestQueries;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** {@code jdns control} against a running {@code jdns serve}: zones, reload, NOTIFY, stop, and the socket. */
class ServeControlTest {

    private static final String ZONE = """
            $ORIGIN example.com.
            $TTL 3600
            @    IN SOA ns1 hostmaster %d 7200 3600 1209600 300
            @    NS   ns1
            ns1  A    192.0.2.53
            www  A    %s
            """;

    @TempDir
    Path dir;

    @Test
    void statusReloadAndStopOnARunningServer() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE.formatted(1, "192.0.2.80"));
        Path socket = dir.resolve("serve.sock");
        try (RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--watch-interval", "0",
                "--control", socket.toString(), zone.toString())) {
            serve.address();
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(socket));
            String status = ControlClient.ok(socket, "status");
            assertTrue(status.contains("role: jdns serve\n"), status);
            assertTrue(status.contains("zone: example.com. serial 1\n"), status);

            replace(zone, ZONE.formatted(2, "192.0.2.81"));
            assertEquals("zone: example.com. serial 2\n", ControlClient.ok(socket, "reload", "example.com"));
            assertEquals("192.0.2.81", www(serve));
            assertEquals("zone: example.com. serial 2\n", ControlClient.ok(socket, "zones"));

            replace(zone, ZONE.formatted(3, "192.0.2.82") + "bad line here\n");
            ControlClient.Result broken = ControlClient.run(socket, "reload");
            assertEquals(1, broken.exitCode());
            assertTrue(broken.err().startsWith("jdns control: " + zone + ":7: "), broken.err());
            assertEquals("192.0.2.81", www(serve), "the last good copy still answers");

            ControlClient.Result flush = ControlClient.run(socket, "flush", "www.example.com");
            assertEquals(1, flush.exitCode());
            assertEquals("jdns control: jdns serve has no flush\n", flush.err());
            assertEquals(1, ControlClient.run(socket, "reload", "nothing.example").exitCode());
            ControlClient.Result stopOne = ControlClient.run(socket, "stop", "ns1.example.com");
            assertEquals(1, stopOne.exitCode(), "stop SERVER is the lab's; serve goes on running");
            assertEquals("jdns control: usage: stop (jdns serve has no simulated servers to stop)\n", stopOne.err());
            assertEquals("192.0.2.81", www(serve));

            assertTrue(ControlClient.ok(socket, "stats").contains("jdns_zone_serial{zone=\"example.com.\"} 2"));
            ControlClient.ok(socket, "stop");
            assertEquals(0, serve.awaitExit());
            assertFalse(Files.exists(socket));
        }
    }

    @Test
    void notifyZoneSendsNotifyToTheSecondaryNow() throws Exception {
        Path zone = Files.writeString(dir.resolve("example.com.zone"), ZONE.formatted(7, "192.0.2.80"));
        Path socket = dir.resolve("notify.sock");
        try (DatagramSocket secondary = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             RunningServe serve = RunningServe.start("--listen", "127.0.0.1:0", "--watch-interval", "0",
                     "--notify", "example.com=127.0.0.1@" + secondary.getLocalPort(), "--control",
                     socket.toString(), zone.toString())) {
            serve.address();
            secondary.setSoTimeout(10_000);
            String sent = ControlClient.ok(socket, "notify", "example.com");
            assertEquals("NOTIFY for example.com. serial 7 sent to 127.0.0.1@" + secondary.getLocalPort() + "\n",
                    sent);
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            secondary.receive(packet);
            Message notify = LoopbackClient.parse(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
            assertEquals("example.com.", notify.getQuestion().getName().toString());
            assertEquals(1, ControlClient.run(socket, "notify", "other.example").exitCode());
        }
    }

    private static String www(RunningServe serve) {
        Message reply = LoopbackClient.parse(LoopbackClient.udpRaw(serve.address(),
                TestQueries.query("www.example.com", Type.A).toWire(), ResolverControlTest.REPLY_TIMEOUT)
                .orElseThrow());
        assertEquals(Rcode.NOERROR, reply.getRcode());
        return reply.getSection(org.xbill.DNS.Section.ANSWER).getFirst().rdataToString();
    }

    /** Written by rename, as the README asks. */
    private void replace(Path zone, String text) throws Exception {
        Path temporary = Files.writeString(dir.resolve("zone.tmp"), text);
        Files.move(temporary, zone, StandardCopyOption.ATOMIC_MOVE);
    }
}
