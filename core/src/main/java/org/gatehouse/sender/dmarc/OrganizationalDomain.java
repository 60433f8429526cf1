package org.gatehouse.sender.dmarc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.google.common.net.InternetDomainName;

/**
 * The registered domain a name belongs to (RFC 7489 §3.2), from the public suffix list bundled in Guava: DMARC
 * looks for a policy there when the From domain publishes none, and relaxed alignment compares these.
 *
 * <p>Guava's list holds both the ICANN and the private sections, so {@code alice.github.io} and
 * {@code bob.github.io} are different organizations, as they are for their owners. Two cases the list does not
 * settle:
 * <ul>
 *   <li>a name that is itself a public suffix ({@code co.uk}) has no label to add to the suffix; it is its own
 *       organizational domain, so its policy is looked up at that name only and it aligns with nothing below it;</li>
 *   <li>a name under no listed suffix ({@code mail.corp.internal}) follows the list's implicit {@code *} rule: the
 *       last label is the suffix and the organizational domain is the last two labels ({@code corp.internal}).</li>
 * </ul>
 */
public final class OrganizationalDomain {

    /**
     * The organizational domain of a DNS name (any case, trailing dot allowed).
     *
     * @throws IllegalArgumentException when the name is not a syntactically valid domain name
     */
    public static OrganizationalDomain of(String domain) {
        InternetDomainName name = InternetDomainName.from(canonical(Objects.requireNonNull(domain)));
        if (name.isUnderPublicSuffix()) {
            return new OrganizationalDomain(name.topPrivateDomain().toString());
        }
        if (name.isPublicSuffix()) {
            return new OrganizationalDomain(name.toString());
        }
        List<String> labels = name.parts();
        return new OrganizationalDomain(String.join(".", labels.subList(Math.max(0, labels.size() - 2), labels.size())));
    }

    /** A name as DMARC compares names: lower case, without the trailing dot. */
    static String canonical(String domain) {
        String lower = domain.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private final String value;

    private OrganizationalDomain(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof OrganizationalDomain && value.equals(((OrganizationalDomain) o).value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
