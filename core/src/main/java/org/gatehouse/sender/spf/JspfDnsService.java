package org.gatehouse.sender.spf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;

/**
 * jSPF's DNS for one SPF check: Gatehouse's asynchronous lookups, each awaited only until the check's deadline.
 * A temporary DNS error or the end of the budget is a jSPF {@link TimeoutException} (temperror); NXDOMAIN and NODATA
 * are {@code null}, which is how jSPF reads "no record".
 */
final class JspfDnsService implements DNSService {
    private final DnsLookup lookup;
    private final long deadlineNanos;

    JspfDnsService(DnsLookup lookup, Duration budget) {
        this.lookup = lookup;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        Optional<RecordType> type = recordType(request);
        if (type.isEmpty()) {
            return null;
        }
        long remaining = remainingNanos(request);
        try {
            return records(request, lookup.query(request.getHostname(), type.get()).get(remaining, TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            throw budgetExhausted(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("Interrupted while looking up " + describe(request));
        } catch (ExecutionException e) {
            // DnsLookup promises never to fail; if one does anyway, it is still only a temporary error
            throw new TimeoutException("DNS lookup of " + describe(request) + " failed: " + e.getCause());
        }
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        Optional<RecordType> type = recordType(request);
        if (type.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long remaining;
        try {
            remaining = remainingNanos(request);
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
        // copy(): the lookup's future may be shared (a cache), so this check's timeout must not complete it
        return lookup.query(request.getHostname(), type.get()).copy()
            .orTimeout(remaining, TimeUnit.NANOSECONDS)
            .handle((answer, failure) -> {
                try {
                    if (failure instanceof java.util.concurrent.TimeoutException) {
                        throw budgetExhausted(request);
                    }
                    return records(request, failure == null ? answer : DnsAnswer.temporaryError());
                } catch (TimeoutException e) {
                    throw new CompletionException(e);
                }
            });
    }

    /** jSPF asks for the local host's names to expand %{r}; "unknown" (what an empty list gives) is allowed by RFC 7208 §7.3. */
    @Override
    public List<String> getLocalDomainNames() {
        return List.of();
    }

    @Override
    public void setTimeOut(int timeOut) {
        throw new UnsupportedOperationException("The SPF time budget is set per check by SpfCheck");
    }

    /** RFC 7208 §4.6.4's 10 names; only jSPF's ptr reads it, and Rfc7208TermsFactory's ptr applies the limit itself. */
    @Override
    public int getRecordLimit() {
        return Rfc7208TermsFactory.NAME_LIMIT;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        throw new UnsupportedOperationException("The record limit is RFC 7208's");
    }

    /** Empty for type SPF (99): RFC 7208 §3.1 dropped it, so it is never queried and jSPF falls back to TXT. */
    private static Optional<RecordType> recordType(DNSRequest request) {
        return switch (request.getRecordType()) {
            case DNSRequest.A -> Optional.of(RecordType.A);
            case DNSRequest.AAAA -> Optional.of(RecordType.AAAA);
            case DNSRequest.MX -> Optional.of(RecordType.MX);
            case DNSRequest.PTR -> Optional.of(RecordType.PTR);
            case DNSRequest.TXT -> Optional.of(RecordType.TXT);
            case DNSRequest.SPF -> Optional.empty();
            default -> throw new IllegalArgumentException("Unknown jSPF record type in " + request);
        };
    }

    private long remainingNanos(DNSRequest request) throws TimeoutException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw budgetExhausted(request);
        }
        return remaining;
    }

    /** A mutable copy: jSPF's MX and PTR mechanisms consume the lists they are given. */
    private static List<String> records(DNSRequest request, DnsAnswer answer) throws TimeoutException {
        return switch (answer.status()) {
            case FOUND -> new ArrayList<>(answer.records());
            case NO_DATA, NX_DOMAIN -> null;
            case TEMPORARY_ERROR -> throw new TimeoutException("Temporary DNS error looking up " + describe(request));
        };
    }

    private static TimeoutException budgetExhausted(DNSRequest request) {
        return new TimeoutException("SPF time budget exhausted looking up " + describe(request));
    }

    private static String describe(DNSRequest request) {
        return recordType(request).map(RecordType::name).orElse("SPF") + " " + request.getHostname();
    }
}
