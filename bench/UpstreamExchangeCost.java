import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * CPU (user+sys) of the calling thread per DnsClient UDP exchange with a loopback server that echoes each query
 * back as its reply: what one upstream query costs the resolver in the transport, socket handling included.
 * Bounded: 6 x N exchanges, all to 127.0.0.1. Run against a built jar (`mvn -B -q package -DskipTests`):
 * {@code java -cp cli/target/jdns.jar bench/UpstreamExchangeCost.java 5000}.
 */
public class UpstreamExchangeCost {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().start(() -> echo(server));
        InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
        Record question = Record.newRecord(Name.fromString("x.wild."), Type.A, DClass.IN);
        var threads = ManagementFactory.getThreadMXBean();
        try (DnsClient client = new DnsClient()) {
            long[] nanosPerExchange = new long[6]; // the first round is the warm-up
            for (int round = 0; round < nanosPerExchange.length; round++) {
                long before = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    client.exchange(to, client.iterativeQuery(question), Protocol.UDP);
                }
                nanosPerExchange[round] = (threads.getCurrentThreadCpuTime() - before) / n;
            }
            long[] measured = Arrays.copyOfRange(nanosPerExchange, 1, nanosPerExchange.length);
            Arrays.sort(measured);
            System.out.printf("client CPU per UDP exchange: median %.1f us over 5 rounds of %d (%s ns)%n",
                    measured[2] / 1000.0, n, Arrays.toString(measured));
        }
    }

    /** Sends every query back with QR=1: with its question and ID, it is a valid empty reply. */
    private static void echo(DatagramSocket server) {
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                server.receive(packet);
                buffer[2] |= (byte) 0x80;
                server.send(new DatagramPacket(buffer, packet.getLength(), packet.getSocketAddress()));
            }
        } catch (java.io.IOException closed) {
            // the JVM is exiting
        }
    }
}
