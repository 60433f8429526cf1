package org.gatehouse.phishing;

import java.util.Locale;
import java.util.Set;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;

/** Registrable domains and parent walks over the public suffix list, shared by the URL signals and their exemptions. */
final class Domains {
    /**
     * Public-suffix answers by host: the same hosts recur in every message of a campaign and within a message, and
     * Guava's lookup validates and splits the name each time. Bounded, least recently used entries go first.
     */
    private static final java.util.Map<String, String> REGISTRABLE = bounded();
    private static final java.util.Map<String, Boolean> UNDER_PUBLIC_SUFFIX = bounded();

    private static <V> java.util.Map<String, V> bounded() {
        return com.google.common.cache.CacheBuilder.newBuilder().maximumSize(50_000).<String, V>build().asMap();
    }

    private Domains() {
    }

    /**
     * The registrable domain ({@code mail.example.co.uk} → {@code example.co.uk}); the host itself when it is an IP
     * address, a public suffix or not a valid name.
     */
    static String registrable(String asciiHost) {
        return REGISTRABLE.computeIfAbsent(asciiHost, Domains::lookUpRegistrable);
    }

    /** Whether the name has a public suffix of its own and a label under it, so it can be a real host name. */
    static boolean isUnderPublicSuffix(String asciiHost) {
        return UNDER_PUBLIC_SUFFIX.computeIfAbsent(asciiHost, Domains::lookUpUnderPublicSuffix);
    }

    private static String lookUpRegistrable(String asciiHost) {
        if (!plain(asciiHost)) {
            return guavaRegistrable(asciiHost);
        }
        int suffix = publicSuffixStart(asciiHost);
        if (suffix <= 0) {
            return asciiHost;
        }
        return asciiHost.substring(asciiHost.lastIndexOf('.', suffix - 2) + 1);
    }

    private static boolean lookUpUnderPublicSuffix(String asciiHost) {
        if (!plain(asciiHost)) {
            return InternetDomainName.isValid(asciiHost) && InternetDomainName.from(asciiHost).isUnderPublicSuffix();
        }
        return publicSuffixStart(asciiHost) > 0;
    }

    private static String guavaRegistrable(String host) {
        if (!InternetDomainName.isValid(host)) {
            return host;
        }
        InternetDomainName name = InternetDomainName.from(host);
        return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
    }

    /**
     * Where the public suffix (ICANN or private section) of a valid lower-case ASCII name starts: 0 when the name is
     * itself a public suffix, -1 when it has none. The same walk as Guava's {@link InternetDomainName} over the same
     * tables (exact rules, wildcard rules, exceptions), on substrings of the name instead of a split and a join per
     * ancestor: the lookup is most of the cost of judging a message's links.
     */
    static int publicSuffixStart(String host) {
        int start = 0;
        while (true) {
            String ancestor = host.substring(start);
            if (PublicSuffixPatterns.EXACT.containsKey(ancestor)) {
                return start;
            }
            int dot = host.indexOf('.', start);
            if (PublicSuffixPatterns.EXCLUDED.containsKey(ancestor)) {
                return dot < 0 ? -1 : dot + 1;
            }
            if (dot < 0) {
                return -1;
            }
            if (PublicSuffixPatterns.UNDER.containsKey(host.substring(dot + 1))) {
                return start;
            }
            start = dot + 1;
        }
    }

    /**
     * A name Guava would accept, in the form this walk handles: lower-case ASCII letters, digits, '-' and '_', labels of
     * 1 to 63 characters not starting or ending with '-' or '_', at most 253 characters and 127 labels, a last label not
     * starting with a digit. Anything else (upper case, non-ASCII, a trailing dot, invalid) goes to Guava itself.
     */
    static boolean plain(String host) {
        int length = host.length();
        if (length == 0 || length > 253) {
            return false;
        }
        int labels = 1;
        int labelStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? host.charAt(i) : '.';
            if (c == '.') {
                int size = i - labelStart;
                if (size < 1 || size > 63 || ++labels > 128) {
                    return false;
                }
                char first = host.charAt(labelStart);
                char last = host.charAt(i - 1);
                if (first == '-' || first == '_' || last == '-' || last == '_') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        char lastLabelStart = host.charAt(host.lastIndexOf('.') + 1);
        return !(lastLabelStart >= '0' && lastLabelStart <= '9');
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
