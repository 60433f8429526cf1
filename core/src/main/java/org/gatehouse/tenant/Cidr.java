package org.gatehouse.tenant;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.net.InetAddresses;

/** An IPv4 or IPv6 network in CIDR notation; a bare address is a /32 or /128. */
public final class Cidr {

    public static Cidr parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must be an IP address or CIDR network");
        }
        String trimmed = value.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!InetAddresses.isInetAddress(addressPart)) {
            throw new InvalidFieldException(field, "'" + value + "' is not an IP address or CIDR network");
        }
        InetAddress address = InetAddresses.forString(addressPart);
        int maxBits = address.getAddress().length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException(field, "'" + value + "' has an invalid prefix length");
            }
            if (prefix < 0 || prefix > maxBits) {
                throw new InvalidFieldException(field, "'" + value + "' prefix length must be between 0 and " + maxBits);
            }
        }
        BigInteger network = toBigInteger(address).and(mask(prefix, maxBits));
        return new Cidr(network, prefix, maxBits);
    }

    public static Optional<InetAddress> parseAddress(String value) {
        if (value == null || !InetAddresses.isInetAddress(value)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(value));
    }

    private static BigInteger toBigInteger(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static BigInteger mask(int prefix, int maxBits) {
        BigInteger all = BigInteger.ONE.shiftLeft(maxBits).subtract(BigInteger.ONE);
        BigInteger host = BigInteger.ONE.shiftLeft(maxBits - prefix).subtract(BigInteger.ONE);
        return all.xor(host);
    }

    private final BigInteger network;
    private final int prefixLength;
    private final int maxBits;

    private Cidr(BigInteger network, int prefixLength, int maxBits) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.maxBits = maxBits;
    }

    public boolean contains(InetAddress address) {
        int bits = address.getAddress().length * 8;
        return bits == maxBits
            && toBigInteger(address).and(mask(prefixLength, maxBits)).equals(network);
    }

    public boolean overlaps(Cidr other) {
        if (other.maxBits != maxBits) {
            return false;
        }
        int shortest = Math.min(prefixLength, other.prefixLength);
        BigInteger m = mask(shortest, maxBits);
        return network.and(m).equals(other.network.and(m));
    }

    public int prefixLength() {
        return prefixLength;
    }

    public String asString() {
        byte[] raw = network.toByteArray();
        byte[] bytes = new byte[maxBits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes)) + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Cidr)) {
            return false;
        }
        Cidr that = (Cidr) o;
        return prefixLength == that.prefixLength && maxBits == that.maxBits && network.equals(that.network);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(network, prefixLength, maxBits);
    }

    @Override
    public String toString() {
        return asString();
    }
}
