package org.gatehouse.phishing;

import java.util.Locale;
import java.util.Set;

import com.google.common.net.InternetDomainName;

/** Registrable domains and parent walks over the public suffix list, shared by the URL signals and their exemptions. */
final class Domains {
    private Domains() {
    }

    /**
     * The registrable domain ({@code mail.example.co.uk} → {@code example.co.uk}); the host itself when it is an IP
     * address, a public suffix or not a valid name.
     */
    static String registrable(String asciiHost) {
        if (!InternetDomainName.isValid(asciiHost)) {
            return asciiHost;
        }
        InternetDomainName name = InternetDomainName.from(asciiHost);
        return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : asciiHost;
    }

    /** Whether the name has a public suffix of its own and a label under it, so it can be a real host name. */
    static boolean isUnderPublicSuffix(String asciiHost) {
        return InternetDomainName.isValid(asciiHost) && InternetDomainName.from(asciiHost).isUnderPublicSuffix();
    }

    /** Whether the host or any of its parents is in the set (an IP address must be listed as such). */
    static boolean hostOrParentIn(String asciiHost, Set<String> domains) {
        if (domains.isEmpty()) {
            return false;
        }
        String name = asciiHost.toLowerCase(Locale.ROOT);
        if (domains.contains(name)) {
            return true;
        }
        if (name.startsWith("[") || Ipv4.parse(name).isPresent()) {
            return false;
        }
        int dot = name.indexOf('.');
        while (dot >= 0) {
            name = name.substring(dot + 1);
            if (domains.contains(name)) {
                return true;
            }
            dot = name.indexOf('.');
        }
        return false;
    }
}
