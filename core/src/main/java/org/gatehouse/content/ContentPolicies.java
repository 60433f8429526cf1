package org.gatehouse.content;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current content policy, parsed once per policy document. */
public class ContentPolicies {
    private final ParsedPolicies<ContentPolicy> parsed;

    @Inject
    public ContentPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, ContentPolicy::of);
    }

    public ContentPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
