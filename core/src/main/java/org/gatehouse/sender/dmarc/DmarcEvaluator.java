package org.gatehouse.sender.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import org.gatehouse.sender.dmarc.DmarcResult.IdentifierAlignment;
import org.gatehouse.sender.dmarc.DmarcResult.Mechanism;
import org.gatehouse.sender.dmarc.DmarcResult.Result;

import com.google.common.collect.ImmutableList;

/**
 * Applies a discovered DMARC policy to one message (RFC 7489 §6.6.2–6.6.4): aligns the SPF and DKIM results with the
 * From domain and applies {@code p}/{@code sp} and {@code pct}. No I/O; the only chance is the injected sampler.
 */
public final class DmarcEvaluator {
    private final DoubleSupplier sampler;

    /** @param sampler uniform in [0, 1); a failing message is subject to the policy when {@code 100 * sample < pct} */
    public DmarcEvaluator(DoubleSupplier sampler) {
        this.sampler = Objects.requireNonNull(sampler);
    }

    public static DmarcEvaluator withRandomSampling() {
        return new DmarcEvaluator(() -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param fromDomain the RFC5322.From domain
     * @param spf the SPF identifier and result; empty when SPF gave no result for any domain
     * @param dkim one entry per DKIM signature
     * @param policy what {@link DmarcPolicyDiscovery} found for the From domain
     */
    public DmarcResult evaluate(String fromDomain, Optional<AuthenticatedIdentifier> spf,
                                List<AuthenticatedIdentifier> dkim, DiscoveredPolicy policy) {
        String from = OrganizationalDomain.canonical(fromDomain);
        if (policy instanceof DiscoveredPolicy.Found found) {
            return apply(from, spf, dkim, found);
        }
        Result result = policy instanceof DiscoveredPolicy.TemporaryError ? Result.TEMPERROR
            : policy instanceof DiscoveredPolicy.PermanentError ? Result.PERMERROR
            : Result.NONE;
        return new DmarcResult(result, from, policy, ImmutableList.of(), Optional.empty(), false, DmarcPolicy.NONE);
    }

    private DmarcResult apply(String from, Optional<AuthenticatedIdentifier> spf, List<AuthenticatedIdentifier> dkim,
                              DiscoveredPolicy.Found found) {
        DmarcRecord record = found.record();
        ImmutableList<IdentifierAlignment> identifiers = Stream.concat(
                spf.stream().map(identifier -> check(Mechanism.SPF, identifier, record.spfAlignment(), from)),
                dkim.stream().map(identifier -> check(Mechanism.DKIM, identifier, record.dkimAlignment(), from)))
            .collect(ImmutableList.toImmutableList());
        DmarcPolicy requested = record.policyFor(found.organizationalDomain());
        if (identifiers.stream().anyMatch(IdentifierAlignment::passesDmarc)) {
            return new DmarcResult(Result.PASS, from, found, identifiers, Optional.of(requested), false, DmarcPolicy.NONE);
        }
        boolean exempted = requested != DmarcPolicy.NONE && record.percent() < 100
            && !(100 * sampler.getAsDouble() < record.percent());
        DmarcPolicy disposition = exempted ? requested.nextLower() : requested;
        return new DmarcResult(Result.FAIL, from, found, identifiers, Optional.of(requested), exempted, disposition);
    }

    private static IdentifierAlignment check(Mechanism mechanism, AuthenticatedIdentifier identifier,
                                             AlignmentMode mode, String from) {
        return new IdentifierAlignment(mechanism, identifier.domain(), identifier.pass(), mode,
            mode.aligned(identifier.domain(), from));
    }
}
