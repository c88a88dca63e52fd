package dev.jdns.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.xbill.DNS.Address;

/**
 * An address block such as {@code 127.0.0.0/8} or {@code ::1/128}, for access lists (who may recurse, who may
 * transfer a zone). A bare address means a single host.
 */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 octets, not " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        maskInPlace(network, prefixLength);
    }

    /** Loopback in both families: the default audience of a resolver that is not meant to be open. */
    public static final List<Cidr> LOOPBACK = List.of(parse("127.0.0.0/8"), parse("::1/128"));

    /**
     * Parses {@code ADDRESS[/PREFIX]}; only literal addresses are accepted, never names (no DNS lookup here).
     *
     * @throws IllegalArgumentException with a message fit for a one-line usage error
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = literalAddress(addressText, text);
        int prefix = address.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
        }
        return new Cidr(address, prefix);
    }

    /** True when {@code address} lies in this block (IPv4-mapped IPv6 addresses match IPv4 blocks). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        maskInPlace(candidate, prefixLength);
        return Arrays.equals(candidate, network);
    }

    /** True when any block in {@code blocks} contains {@code address}. */
    public static boolean anyContains(Collection<Cidr> blocks, InetAddress address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length was checked
        }
    }

    private static byte[] literalAddress(String addressText, String whole) {
        // dnsjava parses literals only, so a typo can never turn into a DNS lookup.
        byte[] address = Address.toByteArray(addressText, addressText.contains(":") ? Address.IPv6 : Address.IPv4);
        if (address == null) {
            throw new IllegalArgumentException("'" + whole + "' is not an address or address/prefix");
        }
        return address;
    }

    private static void maskInPlace(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bitsInThisOctet = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - bitsInThisOctet));
        }
    }
}
