package dev.jdns.resolver.core;


import dev.jdns.transport.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Addresses never queried, whatever a delegation or its glue says (Unbound's {@code do-not-query-address}). Glue is
 * written by whoever controls a zone: pointed at 0.0.0.0 (which Linux delivers to the local host), at loopback, at
 * link-local, multicast or broadcast addresses, it would turn the resolver against the machine it runs on or its
 * local network. The refused address shows in the resolution trace with the block that refused it.
 */
public final class DoNotQuery implements UpstreamSockets {

    /**
     * Refused on the internet: "this network" 0.0.0.0/8 and the unspecified ::, loopback (127.0.0.0/8, ::1),
     * link-local (169.254.0.0/16, fe80::/10), multicast (224.0.0.0/4, ff00::/8) and the limited broadcast address.
     */
    public static final List<Cidr> DEFAULT_BLOCKS = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("224.0.0.0/4"), Cidr.parse("255.255.255.255/32"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"));

    private final UpstreamSockets allowed;
    private final List<Cidr> blocks;

    DoNotQuery(UpstreamSockets allowed, List<Cidr> blocks) {
        this.allowed = allowed;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Every address on {@code port} except {@link #DEFAULT_BLOCKS}: {@link UpstreamSockets#internet()} on port 53,
     * another port only for tests (a wildcard socket on this machine stands for the internet).
     */
    public static UpstreamSockets internetOnPort(int port) {
        UpstreamSockets everyAddress = address -> Optional.of(new InetSocketAddress(address, port));
        return new DoNotQuery(everyAddress, DEFAULT_BLOCKS);
    }

    @Override
    public Optional<InetSocketAddress> socketFor(InetAddress serverAddress) {
        return blockOf(serverAddress).isPresent() ? Optional.empty() : allowed.socketFor(serverAddress);
    }

    @Override
    public String whyRefused(InetAddress serverAddress) {
        return blockOf(serverAddress).map(block -> "address in do-not-query block " + block)
                .orElseGet(() -> allowed.whyRefused(serverAddress));
    }

    private Optional<Cidr> blockOf(InetAddress address) {
        return blocks.stream().filter(block -> block.contains(address)).findFirst();
    }
}
