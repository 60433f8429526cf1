package org.gatehouse.dlp;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current DLP policy, parsed once per policy document. */
public class DlpPolicies {
    private final ParsedPolicies<DlpPolicy> parsed;

    @Inject
    public DlpPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, DlpPolicy::of);
    }

    public DlpPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }

    /** The policy at the version a decision was made under ({@link ParsedPolicies#at}). */
    public ParsedPolicies.Versioned<DlpPolicy> at(TenantId tenant, int version) {
        return parsed.at(tenant, version);
    }

    /** The current policy and the version it was parsed from. */
    public ParsedPolicies.Versioned<DlpPolicy> versioned(TenantId tenant) {
        return parsed.versioned(tenant);
    }
}
