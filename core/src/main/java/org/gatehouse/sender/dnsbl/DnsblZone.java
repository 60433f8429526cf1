package org.gatehouse.sender.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import com.google.common.net.InetAddresses;

/**
 * One DNS blocklist to query: its zone, what its 127.0.0.x answers mean, and whether to fetch the list's TXT
 * explanation when an address is listed.
 *
 * @param name the zone, e.g. {@code zen.spamhaus.org}, lower case without a trailing dot
 * @param returnCodes the list's answer addresses (in 127.0.0.0/8) and what each means
 * @param fetchTxt whether a listing also asks for the TXT record naming the reason
 */
public record DnsblZone(String name, ImmutableMap<String, String> returnCodes, boolean fetchTxt) {

    public DnsblZone {
        Preconditions.checkArgument(name != null && !name.isBlank(), "A DNSBL zone needs a name");
        name = name.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        Preconditions.checkArgument(!name.isEmpty() && !name.startsWith("."), "Invalid DNSBL zone '%s'", name);
        ImmutableMap.Builder<String, String> canonical = ImmutableMap.builder();
        for (Map.Entry<String, String> code : returnCodes.entrySet()) {
            canonical.put(canonicalReturnCode(name, code.getKey()), code.getValue());
        }
        returnCodes = canonical.buildOrThrow();
    }

    public static DnsblZone of(String name) {
        return new DnsblZone(name, ImmutableMap.of(), false);
    }

    public DnsblZone withReturnCode(String address, String meaning) {
        return new DnsblZone(name, ImmutableMap.<String, String>builder().putAll(returnCodes).put(address, meaning)
            .buildOrThrow(), fetchTxt);
    }

    public DnsblZone withTxt() {
        return new DnsblZone(name, returnCodes, true);
    }

    public Optional<String> meaning(String returnCode) {
        return Optional.ofNullable(returnCodes.get(returnCode));
    }

    private static String canonicalReturnCode(String zone, String address) {
        Preconditions.checkArgument(address != null && InetAddresses.isInetAddress(address.trim()),
            "DNSBL %s: return code '%s' is not an IPv4 address", zone, address);
        InetAddress parsed = InetAddresses.forString(address.trim());
        Preconditions.checkArgument(parsed instanceof Inet4Address && parsed.isLoopbackAddress(),
            "DNSBL %s: return code '%s' is not in 127.0.0.0/8", zone, address);
        return parsed.getHostAddress();
    }
}
