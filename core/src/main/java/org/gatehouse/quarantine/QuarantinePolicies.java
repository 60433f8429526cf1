package org.gatehouse.quarantine;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current quarantine policy, parsed once per policy document. */
public class QuarantinePolicies {
    private final ParsedPolicies<QuarantinePolicy> parsed;

    @Inject
    public QuarantinePolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, QuarantinePolicy::of);
    }

    public QuarantinePolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
