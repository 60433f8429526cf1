package org.gatehouse.dlp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.tenant.DomainName;

/**
 * Who a message goes from and to, seen from the tenant whose DLP rules apply: the rules' conditions read this.
 *
 * @param sender the envelope sender; empty for the null sender
 * @param recipients the envelope recipients
 * @param tenantDomains the tenant's domains: a recipient outside them is external
 */
public record DlpEnvelope(Direction direction, Optional<String> sender, List<String> recipients, Set<DomainName> tenantDomains) {
    public DlpEnvelope {
        Objects.requireNonNull(direction);
        Objects.requireNonNull(sender);
        recipients = List.copyOf(recipients);
        tenantDomains = Set.copyOf(tenantDomains);
    }

    /** The lower-case domain of an address; empty when it has none. */
    static Optional<String> domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        return Optional.of(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    }

    /** Whether {@code domain} is one of {@code domains} or below one of them. */
    static boolean within(String domain, Set<DomainName> domains) {
        for (DomainName candidate : domains) {
            String value = candidate.asString();
            if (domain.equals(value) || domain.endsWith("." + value)) {
                return true;
            }
        }
        return false;
    }
}
