package org.gatehouse.disclaimer;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current disclaimer policy, parsed once per policy document so a change applies to the next message. */
public class DisclaimerPolicies {
    private final ParsedPolicies<DisclaimerPolicy> parsed;

    @Inject
    public DisclaimerPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, DisclaimerPolicy::of);
    }

    public DisclaimerPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
