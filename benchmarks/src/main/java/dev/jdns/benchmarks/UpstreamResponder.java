package dev.jdns.benchmarks;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A loopback authority for every name, as cheap as it can be so that the benchmark measures the resolver: each query
 * is answered with its own header and question, QR and AA set, and one A record pointing at the question (the
 * answer NSD gives for a name under a wildcard). One platform thread, 127.0.0.1 on an ephemeral port; close() stops
 * it.
 */
final class UpstreamResponder implements AutoCloseable {

    private static final byte[] ANSWER_TAIL = {
        (byte) 0xC0, 12, 0, 1, 0, 1, 0, 1, 0x51, (byte) 0x80, 0, 4, 10, 53, 0, 1 // name, A, IN, TTL 86400, 10.53.0.1
    };

    private final DatagramSocket socket;

    UpstreamResponder() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("upstream-responder").start(this::serve);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] in = new byte[512];
        byte[] out = new byte[512];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        while (!socket.isClosed()) {
            try {
                packet.setData(in);
                socket.receive(packet);
                int length = reply(in, packet.getLength(), out);
                if (length > 0) {
                    packet.setData(out, 0, length);
                    socket.send(packet);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Header and question of the query, then the answer; the query's OPT is left out. 0 when not a query. */
    private static int reply(byte[] query, int length, byte[] out) {
        int end = 12;
        while (end < length && query[end] != 0) {
            end += (query[end] & 0xFF) + 1;
        }
        end += 5; // root label, QTYPE, QCLASS
        if (length < 12 || end > length) {
            return 0;
        }
        System.arraycopy(query, 0, out, 0, end);
        out[2] = (byte) (0x84 | (query[2] & 0x01)); // QR, AA, RD echoed
        out[3] = 0;
        out[6] = 0;
        out[7] = 1; // ANCOUNT
        out[8] = out[9] = out[10] = out[11] = 0;
        System.arraycopy(ANSWER_TAIL, 0, out, end, ANSWER_TAIL.length);
        return end + ANSWER_TAIL.length;
    }

    @Override
    public void close() {
        socket.close();
    }
}
