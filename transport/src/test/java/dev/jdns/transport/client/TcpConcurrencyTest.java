package dev.jdns.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Upstream TCP exchanges are bounded in number, whatever the caller's concurrency: large replies come over TCP,
 * and without a bound a burst of them is all in memory at once.
 */
class TcpConcurrencyTest {

    private static final Record QUESTION = Record.newRecord(Name.fromConstantString("big.test."), Type.TXT, DClass.IN);

    @Test
    void exchangesBeyondTheBoundWaitForASlotWithinTheirOwnDeadline() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // reads nothing, answers nothing
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            DnsClient client = new DnsClient(Duration.ofSeconds(30));
            List<Future<?>> holders = new ArrayList<>();
            for (int i = 0; i < TcpExchange.MAX_CONCURRENT; i++) {
                holders.add(threads.submit(() -> client.exchange(server, client.iterativeQuery(QUESTION),
                        Protocol.TCP)));
            }
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (accepted.size() < TcpExchange.MAX_CONCURRENT && System.nanoTime() < giveUp) {
                Thread.sleep(10); // until every holder is connected
            }
            assertEquals(TcpExchange.MAX_CONCURRENT, accepted.size(), "holders connected");

            ClientBusyException waited = assertThrows(ClientBusyException.class, () -> client.exchange(server,
                    client.iterativeQuery(QUESTION), Protocol.TCP, Duration.ofMillis(300)));

            assertTrue(waited.getMessage().contains("no TCP slot free"), waited.getMessage());
            assertEquals(TcpExchange.MAX_CONCURRENT, accepted.size(), "the waiting exchange never connected");
            for (Socket socket : accepted) {
                socket.close(); // the holders' exchanges end, and give their slots back
            }
            for (Future<?> holder : holders) {
                // each ends with an error (connection closed by the server), none is left running
                assertThrows(ExecutionException.class, () -> holder.get(10, TimeUnit.SECONDS));
            }
            acceptor.interrupt();
        }
    }
}
