package dev.jdns.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The TCP connections of one server, shared by its listeners: at most {@code maxConnections} in all and
 * {@code maxPerClient} from one client address. When the table is full, a newcomer takes the place of the connection
 * that has been idle the longest, which is closed (RFC 7766 §6.2.3: servers may close idle connections, and one
 * client holding every slot with idle connections must not lock the others out); only when none is idle is the
 * newcomer turned away. Thread-safe; every method is short and runs under the table's lock.
 */
final class ConnectionTable {

    private final int maxConnections;
    private final int maxPerClient;
    private final Set<TcpConnection> open = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perClient = new HashMap<>();

    ConnectionTable(int maxConnections, int maxPerClient) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
    }

    /**
     * Takes {@code connection} into the table, closing the longest-idle connection when the table is full.
     *
     * @return false when it may not be admitted (its address holds its share, or every connection is busy): the
     *         caller closes it
     */
    synchronized boolean admit(TcpConnection connection) {
        InetAddress address = connection.clientAddress();
        if (perClient.getOrDefault(address, 0) >= maxPerClient) {
            return false;
        }
        if (open.size() >= maxConnections) {
            TcpConnection idlest = longestIdle();
            if (idlest == null) {
                return false;
            }
            remove(idlest);
            idlest.close(); // its thread sees the closed socket and ends; remove() then finds nothing to do
        }
        open.add(connection);
        perClient.merge(address, 1, Integer::sum);
        return true;
    }

    /** Forgets {@code connection} (closed, or never started); does nothing when it is not in the table. */
    synchronized void remove(TcpConnection connection) {
        if (open.remove(connection)) {
            perClient.computeIfPresent(connection.clientAddress(), (address, count) -> count > 1 ? count - 1 : null);
        }
    }

    synchronized int size() {
        return open.size();
    }

    /** Closes every connection (the server is closing). */
    synchronized void closeAll() {
        open.forEach(TcpConnection::close);
    }

    /** Of the idle connections, the one whose last traffic is oldest; null when every connection is busy. */
    private TcpConnection longestIdle() {
        TcpConnection idlest = null;
        for (TcpConnection candidate : open) {
            if (candidate.isIdle() && (idlest == null
                    || candidate.lastActivityNanos() - idlest.lastActivityNanos() < 0)) {
                idlest = candidate;
            }
        }
        return idlest;
    }
}
