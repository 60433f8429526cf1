package org.gatehouse.phishing;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses the gateway may connect to when a policy lets it follow a shortened link: public unicast only.
 * Refused: loopback, unspecified, private (RFC 1918, unique local fc00::/7), link-local, shared CGNAT 100.64/10,
 * multicast and broadcast, 0/8, IETF protocol assignments 192.0.0/24, documentation and benchmarking ranges,
 * 240/4, and the IPv6 forms that carry one of those IPv4 addresses (mapped ::ffff:0:0/96, compatible ::/96, NAT64
 * 64:ff9b::/96, 6to4 2002::/16). Checked on every address a name resolves to, after resolution.
 */
public final class AddressGuard {
    private AddressGuard() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            Optional<byte[]> embedded = embeddedV4(bytes);
            if (embedded.isPresent()) {
                return isPublicV4(embedded.get());
            }
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isLinkLocalAddress() || v6.isSiteLocalAddress()
                    || v6.isMulticastAddress()) {
                return false;
            }
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (first == 0x20 && second == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            if (first == 0x01 && second == 0x00 && allZero(bytes, 2, 8)) {
                return false; // discard 100::/64
            }
            return (first & 0xe0) == 0x20; // global unicast 2000::/3 only
        }
        return false;
    }

    /** The IPv4 address an IPv6 address carries: mapped, compatible, NAT64 well-known prefix, or 6to4. */
    private static Optional<byte[]> embeddedV4(byte[] v6) {
        boolean mapped = allZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = allZero(v6, 0, 12) && !(allZero(v6, 12, 15) && (v6[15] & 0xff) <= 1);
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b
            && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[] {v6[12], v6[13], v6[14], v6[15]});
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(new byte[] {v6[2], v6[3], v6[4], v6[5]});
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224) {
            return false; // this network, private, loopback, multicast, reserved 240/4, broadcast
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return false; // shared address space 100.64/10
        }
        if (a0 == 169 && a1 == 254 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return false; // link-local, private
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 198 && (a1 & 0xfe) == 18 || a0 == 198 && a1 == 51 && a2 == 100
                || a0 == 203 && a1 == 0 && a2 == 113 || a0 == 192 && a1 == 88 && a2 == 99) {
            return false; // IETF assignments, TEST-NETs, benchmarking, 6to4 relay anycast
        }
        return true;
    }

    /** For tests and logs: the guard's answer for an address literal. */
    static boolean isPublic(String literal) throws UnknownHostException {
        return isPublic(InetAddress.getByName(literal));
    }
}
