package org.gatehouse.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A plain e-mail address, {@code local@domain}: a dot-atom local part of at most 64 characters and an LDH domain name
 * with at least two labels, 254 characters in all. No quoting, comments, display names or address literals: such an
 * address can be written into a header as it is, and carries no space, control character, CR or LF.
 */
public final class PlainAddress {
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public static boolean isValid(String address) {
        return isValid(address, false);
    }

    /**
     * A plain address whose domain may also be a single-label host name ({@code reports@localhost}): the gateway's own
     * address on a machine without a fully qualified name.
     */
    public static boolean isValidOnHost(String address) {
        return isValid(address, true);
    }

    private static boolean isValid(String address, boolean singleLabel) {
        if (address == null || address.length() > MAX_LENGTH) {
            return false;
        }
        int at = address.lastIndexOf('@');
        String domain = address.substring(at + 1);
        return at > 0 && at <= MAX_LOCAL_LENGTH && LOCAL_PART.matcher(address.substring(0, at)).matches()
            && (singleLabel ? isHostName(domain) : isDomainName(domain));
    }

    /** An LDH host name of one or more labels (no trailing dot), at most 253 characters. */
    public static boolean isHostName(String host) {
        return host != null && host.length() <= 253 && HOST.matcher(host).matches();
    }

    /** A fully qualified LDH host name (no trailing dot), at most 253 characters. */
    public static boolean isDomainName(String domain) {
        return domain != null && domain.length() <= 253 && DOMAIN.matcher(domain).matches();
    }

    /** The domain of a valid address, in lower case. */
    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private PlainAddress() {
    }
}
