package org.gatehouse.phishing;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current phishing policy, parsed once per policy document. */
public class PhishingPolicies {
    private final ParsedPolicies<PhishingPolicy> parsed;

    @Inject
    public PhishingPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, PhishingPolicy::of);
    }

    public PhishingPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
