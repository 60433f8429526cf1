package org.gatehouse.content;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current content policy, parsed once per policy version. */
public class ContentPolicies {
    private final ParsedPolicies<ContentPolicy> parsed;

    @Inject
    public ContentPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, ContentPolicy::of);
    }

    public ContentPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }

    /** The current policy and the version it was parsed from. */
    public ParsedPolicies.Versioned<ContentPolicy> versioned(TenantId tenant) {
        return parsed.versioned(tenant);
    }

    /** The policy at the version a decision was made under ({@link ParsedPolicies#at}). */
    public ParsedPolicies.Versioned<ContentPolicy> at(TenantId tenant, int version) {
        return parsed.at(tenant, version);
    }
}
