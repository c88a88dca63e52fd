package dev.jdns.transport.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} and {@code sockaddr_in6} in native memory: the family in host order, the port in
 * network order, then the address (and for IPv6 the flow label and scope). Segments are at least {@link #MAX_SIZE}
 * octets.
 */
final class SocketAddresses {

    static final int IPV4_SIZE = 16;
    static final int IPV6_SIZE = 28;
    static final int MAX_SIZE = IPV6_SIZE;

    private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt SCOPE = ValueLayout.JAVA_INT_UNALIGNED;
    private static final long PORT_OFFSET = 2;
    private static final long IPV4_ADDRESS_OFFSET = 4;
    private static final long IPV6_ADDRESS_OFFSET = 8;
    private static final long IPV6_SCOPE_OFFSET = 24;

    private SocketAddresses() {}

    /** Writes the wildcard address of {@code family} with {@code port}; returns the structure's length. */
    static int writeWildcard(MemorySegment target, int family, int port) {
        int size = family == Libc.AF_INET ? IPV4_SIZE : IPV6_SIZE;
        target.asSlice(0, size).fill((byte) 0);
        target.set(FAMILY, 0, (short) family);
        target.set(PORT, PORT_OFFSET, (short) port);
        return size;
    }

    /** Writes {@code address}; returns the structure's length. */
    static int write(MemorySegment target, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        int family = ip instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
        int size = writeWildcard(target, family, address.getPort());
        byte[] octets = ip.getAddress();
        long offset = family == Libc.AF_INET ? IPV4_ADDRESS_OFFSET : IPV6_ADDRESS_OFFSET;
        MemorySegment.copy(octets, 0, target, ValueLayout.JAVA_BYTE, offset, octets.length);
        if (ip instanceof Inet6Address v6) {
            target.set(SCOPE, IPV6_SCOPE_OFFSET, v6.getScopeId());
        }
        return size;
    }

    /**
     * Writes {@code address} as a socket of {@code socketFamily} takes it: an IPv4 address for an IPv6 socket (a
     * dual-stack listener's IPv4 client) as IPv4-mapped IPv6, as the kernel reported it. Returns the length.
     */
    static int writeFor(MemorySegment target, int socketFamily, InetSocketAddress address) {
        if (socketFamily == Libc.AF_INET6 && address.getAddress() instanceof Inet4Address v4) {
            int size = writeWildcard(target, Libc.AF_INET6, address.getPort());
            target.set(ValueLayout.JAVA_SHORT_UNALIGNED, IPV6_ADDRESS_OFFSET + 10, (short) -1); // ::ffff:0:0/96
            byte[] octets = v4.getAddress();
            MemorySegment.copy(octets, 0, target, ValueLayout.JAVA_BYTE, IPV6_ADDRESS_OFFSET + 12, octets.length);
            return size;
        }
        return write(target, address);
    }

    /**
     * Reads the address a system call wrote, or null when it is of no family a socket here uses. An IPv4-mapped IPv6
     * address reads as the IPv4 address (as the JDK's sockets report it).
     */
    static InetSocketAddress read(MemorySegment source) {
        int family = source.get(FAMILY, 0);
        int port = Short.toUnsignedInt(source.get(PORT, PORT_OFFSET));
        try {
            if (family == Libc.AF_INET) {
                byte[] octets = source.asSlice(IPV4_ADDRESS_OFFSET, 4).toArray(ValueLayout.JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(octets), port);
            }
            if (family == Libc.AF_INET6) {
                byte[] octets = source.asSlice(IPV6_ADDRESS_OFFSET, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = source.get(SCOPE, IPV6_SCOPE_OFFSET);
                InetAddress ip = scope == 0 ? InetAddress.getByAddress(octets)
                        : Inet6Address.getByAddress(null, octets, scope);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel wrote an address of the wrong length", e);
        }
        return null;
    }
}
