package org.gatehouse.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The reversed form of an IP address that DNS blocklists and PTR lookups query under (RFC 1035 §3.5, RFC 3596
 * §2.5, RFC 5782 §2.1): reversed octets for IPv4, reversed nibbles for IPv6.
 */
public final class ReverseDnsName {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseDnsName() {
    }

    /** {@code 192.0.2.1} gives {@code 1.2.0.192}; {@code 2001:db8::1} gives {@code 1.0.0.0.…8.b.d.0.1.0.0.2}. */
    public static String labels(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder(bytes.length * 4);
        for (int i = bytes.length - 1; i >= 0; i--) {
            int value = bytes[i] & 0xff;
            if (address instanceof Inet4Address) {
                name.append(value).append('.');
            } else {
                name.append(HEX[value & 0x0f]).append('.').append(HEX[value >> 4]).append('.');
            }
        }
        return name.substring(0, name.length() - 1);
    }

    /** The name under which {@code zone} lists the address, e.g. {@code 1.2.0.192.zen.example}. */
    public static String under(InetAddress address, String zone) {
        return labels(address) + '.' + zone.toLowerCase(Locale.ROOT);
    }

    /** The name of the address's PTR record: under {@code in-addr.arpa} or {@code ip6.arpa}. */
    public static String ptrName(InetAddress address) {
        return under(address, address instanceof Inet4Address ? "in-addr.arpa" : "ip6.arpa");
    }
}
