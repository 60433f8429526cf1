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
}
