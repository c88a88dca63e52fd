package dev.jdns.transport.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Message;

/**
 * A fake upstream on 127.0.0.1: UDP and TCP on the same ephemeral port, each query handed to a script that
 * decides what to send back (forgeries, garbage, truncation, silence). Test code only; public so other modules' tests
 * (the resolver's hostile-upstream tests) can use it from the transport test-jar.
 */
public final class ScriptedServer implements AutoCloseable {

    /** What to do with one UDP query. */
    public interface UdpScript {
        void answer(Message query, byte[] rawQuery, SocketAddress client, DatagramSocket socket) throws IOException;
    }

    /** What to do with one TCP query: write to {@code out} (length prefixes included) or nothing. */
    public interface TcpScript {
        void answer(Message query, DataOutputStream out) throws IOException;
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Message> udpQueries = new CopyOnWriteArrayList<>();
    private final List<Message> tcpQueries = new CopyOnWriteArrayList<>();
    private final List<SocketAddress> udpClients = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public ScriptedServer(UdpScript udpScript, TcpScript tcpScript) throws IOException {
        this(InetAddress.getLoopbackAddress(), udpScript, tcpScript);
    }

    /** On another loopback address (127.0.0.2, ...), for tests that key servers by address. */
    public ScriptedServer(InetAddress loopbackAddress, UdpScript udpScript, TcpScript tcpScript) throws IOException {
        if (!loopbackAddress.isLoopbackAddress()) {
            throw new IllegalArgumentException("test servers stay on loopback: " + loopbackAddress);
        }
        Sockets sockets = bindSamePort(loopbackAddress);
        udp = sockets.udp();
        tcp = sockets.tcp();
        threads.add(Thread.ofVirtual().start(() -> serveUdp(udpScript)));
        threads.add(Thread.ofVirtual().start(() -> serveTcp(tcpScript)));
    }

    /** UDP on an ephemeral port, then TCP on the same number; another draw if that TCP port is taken. */
    private record Sockets(DatagramSocket udp, ServerSocket tcp) {}

    private static Sockets bindSamePort(InetAddress loopback) throws IOException {
        for (int attempt = 0; ; attempt++) {
            DatagramSocket candidate = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                return new Sockets(candidate, new ServerSocket(candidate.getLocalPort(), 8, loopback));
            } catch (BindException e) {
                candidate.close();
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    public List<Message> udpQueries() {
        return udpQueries;
    }

    /** Where each UDP query came from, in order (the client's source address and port). */
    public List<SocketAddress> udpClients() {
        return udpClients;
    }

    public List<Message> tcpQueries() {
        return tcpQueries;
    }

    private void serveUdp(UdpScript script) {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] raw = Arrays.copyOf(packet.getData(), packet.getLength());
                Message query = new Message(raw);
                udpQueries.add(query);
                udpClients.add(packet.getSocketAddress());
                script.answer(query, raw, packet.getSocketAddress(), udp);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp(TcpScript script) {
        while (!tcp.isClosed()) {
            try (Socket connection = tcp.accept()) {
                DataInputStream in = new DataInputStream(connection.getInputStream());
                byte[] raw = new byte[in.readUnsignedShort()];
                in.readFully(raw);
                Message query = new Message(raw);
                tcpQueries.add(query);
                script.answer(query, new DataOutputStream(connection.getOutputStream()));
                connection.getOutputStream().flush();
                // Hold the connection until the client closes it, so a stalled script really stalls.
                in.read();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    /**
     * Sends {@code message} to {@code to} from this server's own address and port, outside any script: what an
     * off-path forger does when it spoofs the server's source address.
     */
    public void sendFromServer(SocketAddress to, Message message) throws IOException {
        sendUdp(udp, to, message);
    }

    public static void sendUdp(DatagramSocket socket, SocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    public static void sendUdp(DatagramSocket socket, SocketAddress to, Message message) throws IOException {
        sendUdp(socket, to, message.toWire(65_535));
    }

    public static void writeTcp(DataOutputStream out, Message message) throws IOException {
        byte[] wire = message.toWire(65_535);
        out.writeShort(wire.length);
        out.write(wire);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }
}
