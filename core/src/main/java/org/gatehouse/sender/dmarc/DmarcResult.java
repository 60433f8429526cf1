package org.gatehouse.sender.dmarc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.gatehouse.verdict.Finding;

import com.google.common.collect.ImmutableList;

/**
 * DMARC's verdict on one message (RFC 7489 §6.6): pass or fail, the disposition the domain owner asks for, and why,
 * as a {@link Finding} and as an Authentication-Results property.
 *
 * @param result the DMARC result (RFC 7489 §11.2)
 * @param fromDomain the RFC5322.From domain
 * @param policy what policy discovery found
 * @param identifiers every identifier checked for alignment, SPF first, then the DKIM signatures in order; empty
 *                    unless a policy was found
 * @param requestedPolicy the policy the owner asks for this From domain ({@code p}, or {@code sp} for a subdomain);
 *                        empty unless a policy was found
 * @param exemptedByPercent whether {@code pct} sampling left this failing message out, lowering the disposition
 * @param disposition what the owner asks for this message after sampling; NONE unless the result is FAIL
 */
public record DmarcResult(Result result, String fromDomain, DiscoveredPolicy policy,
                          ImmutableList<IdentifierAlignment> identifiers, Optional<DmarcPolicy> requestedPolicy,
                          boolean exemptedByPercent, DmarcPolicy disposition) {
    public static final String CHECK = "dmarc";

    /** The DMARC results of RFC 7489 §11.2, each with its stable rule id. */
    public enum Result {
        PASS,
        FAIL,
        NONE,
        TEMPERROR,
        PERMERROR;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String ruleId() {
            return "DMARC_" + name();
        }
    }

    /** Which mechanism produced an authenticated identifier. */
    public enum Mechanism {
        SPF("aspf"),
        DKIM("adkim");

        private final String alignmentTag;

        Mechanism(String alignmentTag) {
            this.alignmentTag = alignmentTag;
        }
    }

    /**
     * One identifier as DMARC saw it.
     *
     * @param mechanism SPF or DKIM
     * @param domain the authenticated domain
     * @param pass whether the mechanism passed for it
     * @param mode the alignment the policy asks for ({@code aspf} or {@code adkim})
     * @param aligned whether the domain aligns with the From domain under that mode
     */
    public record IdentifierAlignment(Mechanism mechanism, String domain, boolean pass, AlignmentMode mode,
                                      boolean aligned) {
        public IdentifierAlignment {
            Objects.requireNonNull(mechanism);
            Objects.requireNonNull(domain);
            Objects.requireNonNull(mode);
        }

        /** Whether this identifier makes the message pass DMARC. */
        public boolean passesDmarc() {
            return pass && aligned;
        }

        String describe() {
            return mechanism + " " + (pass ? "pass" : "fail") + " for " + domain
                + (aligned ? ", aligned" : ", not aligned") + " (" + mechanism.alignmentTag + "=" + mode.tagValue() + ")";
        }
    }

    public DmarcResult {
        Objects.requireNonNull(result);
        Objects.requireNonNull(fromDomain);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(identifiers);
        Objects.requireNonNull(requestedPolicy);
        Objects.requireNonNull(disposition);
    }

    /** The identifiers that passed and aligned; the message passes DMARC when there is one. */
    public List<IdentifierAlignment> aligned() {
        return identifiers.stream().filter(IdentifierAlignment::passesDmarc).toList();
    }

    /** The domain whose record decided, when one did. */
    public Optional<String> policyDomain() {
        return found().map(DiscoveredPolicy.Found::policyDomain);
    }

    /** The finding for the verdict; the policy layer adds its score and action. */
    public Finding toFinding() {
        return Finding.of(result.ruleId(), CHECK, result.asString(), reason());
    }

    /** The {@code dmarc} result of an Authentication-Results header (RFC 8601, RFC 7489 §11.2). */
    public String authenticationResultsProperty() {
        StringBuilder property = new StringBuilder(CHECK).append('=').append(result.asString());
        found().ifPresent(decided -> {
            DmarcRecord record = decided.record();
            property.append(" (p=").append(record.policy().asString())
                .append(" sp=").append(record.policyFor(true).asString())
                .append(" pct=").append(record.percent())
                .append(" dis=").append(disposition.asString()).append(')');
        });
        return property.append(" header.from=").append(fromDomain).toString();
    }

    /** What a person reading the quarantine sees: the policy used, the sampling and the alignment. */
    public String reason() {
        Optional<DiscoveredPolicy.Found> found = found();
        if (found.isEmpty()) {
            return "From " + fromDomain + ": " + policy.reason();
        }
        String verdict = result == Result.PASS ? " passes DMARC: " : " fails DMARC: ";
        return "From " + fromDomain + verdict + alignment() + "; " + policyUsed(found.get()) + sampling()
            + "; disposition " + disposition.asString();
    }

    private String alignment() {
        if (identifiers.isEmpty()) {
            return "no SPF or DKIM identifier";
        }
        List<IdentifierAlignment> shown = result == Result.PASS ? aligned() : identifiers;
        return shown.stream().map(IdentifierAlignment::describe).collect(Collectors.joining(", "));
    }

    private String policyUsed(DiscoveredPolicy.Found found) {
        DmarcRecord record = found.record();
        String tag = found.organizationalDomain() && record.subdomainPolicy().isPresent() ? "sp=" : "p=";
        return "policy " + tag + requestedPolicy.orElseThrow().asString()
            + (record.policyAssumed() ? " (assumed: p or sp is missing or invalid, rua is set)" : "")
            + " at _dmarc." + found.policyDomain()
            + (found.organizationalDomain() ? " (organizational domain)" : "");
    }

    private String sampling() {
        int percent = found().orElseThrow().record().percent();
        DmarcPolicy requested = requestedPolicy.orElseThrow();
        if (result == Result.PASS || requested == DmarcPolicy.NONE || percent == 100) {
            return ", pct=" + percent;
        }
        return exemptedByPercent
            ? ", pct=" + percent + ": message not sampled, " + requested.asString() + " lowered to " + disposition.asString()
            : ", pct=" + percent + ": message sampled, " + requested.asString() + " applied";
    }

    private Optional<DiscoveredPolicy.Found> found() {
        return policy instanceof DiscoveredPolicy.Found decided ? Optional.of(decided) : Optional.empty();
    }
}
