package org.gatehouse.scoring;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;


/** Each tenant's current scoring policy, parsed once per policy document so a change applies to the next message. */
public class ScoringPolicies {
    private final ParsedPolicies<ScoringPolicy> parsed;

    @Inject
    public ScoringPolicies(TenantPolicies policies, ScoringDefaults defaults) {
        this.parsed = new ParsedPolicies<>(policies, document -> ScoringPolicy.of(document, defaults));
    }

    public ScoringPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }

    /** The policy at the version a decision was made under ({@link ParsedPolicies#at}). */
    public ParsedPolicies.Versioned<ScoringPolicy> at(TenantId tenant, int version) {
        return parsed.at(tenant, version);
    }

    /** The current policy and the version it was parsed from. */
    public ParsedPolicies.Versioned<ScoringPolicy> versioned(TenantId tenant) {
        return parsed.versioned(tenant);
    }
}
