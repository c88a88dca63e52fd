package dev.jdns.transport.testing.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A peer DNS server (NSD, Unbound, ...) run as a child process on a loopback socket for differential tests.
 * It is ready once it answers a query; closing it stops the process.
 */
public final class PeerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private PeerProcess(String name, Process process, InetSocketAddress address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts {@code command} (stdout and stderr to {@code log}) and waits until something answers a DNS query on
     * {@code address}.
     */
    public static PeerProcess start(String name, List<String> command, InetSocketAddress address, Path log)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PeerProcess peer = new PeerProcess(name, process, address, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + peer.logText());
            }
            if (answers(address)) {
                return peer;
            }
        }
        peer.close();
        throw new IOException(name + " did not answer on " + address + " within " + START_TIMEOUT + ": "
                + peer.logText());
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Sends the peer a signal by name ({@code HUP}: named re-reads its zones). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "@" + address;
    }

    /**
     * A port that is free for both UDP and TCP on {@code host} right now (a peer binds it a moment later; the race
     * is harmless on a test machine, and a clash shows up as a start failure, not a wrong result).
     */
    public static InetSocketAddress freeAddress(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, address)) {
                    return new InetSocketAddress(address, port);
                } catch (IOException inUseForTcp) {
                    // try another port
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + host);
    }

    /**
     * Skips the test when {@code executable} is not installed, except in CI ({@code CI=true}), where the peer is
     * installed by .ci/run and its absence is a failure, not a reason to skip.
     */
    public static Path requireExecutable(String executable) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String reason = executable + " is not installed (Debian package; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    private static boolean answers(InetSocketAddress address) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address.getAddress(), 0))) {
            socket.setSoTimeout(200);
            Message query = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length, address));
            byte[] buffer = new byte[4096];
            socket.receive(new DatagramPacket(buffer, buffer.length));
            return true;
        } catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
            return false;
        }
    }
}
