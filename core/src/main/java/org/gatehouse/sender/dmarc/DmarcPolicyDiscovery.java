package org.gatehouse.sender.dmarc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;

/**
 * Finds the DMARC policy that governs a From domain (RFC 7489 §6.6.3): the record at {@code _dmarc.<From domain>},
 * else the one at {@code _dmarc.<organizational domain>}, without blocking.
 */
public final class DmarcPolicyDiscovery {
    private static final int MAX_NAME_LENGTH = 253;

    private final DnsLookup dns;

    @Inject
    public DmarcPolicyDiscovery(DnsLookup dns) {
        this.dns = dns;
    }

    /** Never completes exceptionally: DNS failures are {@link DiscoveredPolicy.TemporaryError}s. */
    public CompletableFuture<DiscoveredPolicy> discover(String fromDomain) {
        String from = OrganizationalDomain.canonical(fromDomain);
        String organizational;
        try {
            organizational = OrganizationalDomain.of(from).asString();
        } catch (IllegalArgumentException notADomainName) {
            return CompletableFuture.completedFuture(
                new DiscoveredPolicy.PermanentError("the From domain '" + fromDomain + "' is not a valid domain name"));
        }
        return policyAt(from, false).thenCompose(atFrom -> {
            if (atFrom.isPresent()) {
                return CompletableFuture.completedFuture(atFrom.get());
            }
            if (organizational.equals(from)) {
                return CompletableFuture.completedFuture(notFound("_dmarc." + from));
            }
            return policyAt(organizational, true)
                .thenApply(atOrganization -> atOrganization.orElseGet(
                    () -> notFound("_dmarc." + from + " nor at _dmarc." + organizational)));
        });
    }

    /** The outcome at one name; empty when the name holds no DMARC record, so that discovery goes on (§6.6.3 step 3). */
    private CompletableFuture<Optional<DiscoveredPolicy>> policyAt(String domain, boolean organizationalDomain) {
        String name = "_dmarc." + domain;
        if (name.length() > MAX_NAME_LENGTH) {
            return CompletableFuture.completedFuture(Optional.empty()); // such a name cannot exist
        }
        return dns.query(name, RecordType.TXT)
            .handle((answer, failure) -> failure == null && !answer.isTemporaryError()
                ? policyIn(answer, domain, organizationalDomain)
                : Optional.of(new DiscoveredPolicy.TemporaryError("the DNS lookup of " + name + " TXT failed temporarily")));
    }

    private static Optional<DiscoveredPolicy> policyIn(DnsAnswer answer, String domain, boolean organizationalDomain) {
        List<String> records = answer.records().stream().filter(DmarcRecord::isDmarcRecord).toList();
        if (records.isEmpty()) {
            return Optional.empty();
        }
        if (records.size() > 1) {
            // §6.6.3 step 5: several records are no policy at all, and discovery stops here
            return Optional.of(new DiscoveredPolicy.NotFound(
                records.size() + " DMARC records at _dmarc." + domain + ", so none applies"));
        }
        try {
            return Optional.of(new DiscoveredPolicy.Found(domain, DmarcRecord.parse(records.get(0)), organizationalDomain));
        } catch (InvalidDmarcRecordException e) {
            return Optional.of(new DiscoveredPolicy.PermanentError(
                "invalid DMARC record at _dmarc." + domain + ": " + e.getReason()));
        }
    }

    private static DiscoveredPolicy notFound(String where) {
        return new DiscoveredPolicy.NotFound("no DMARC record at " + where);
    }
}
