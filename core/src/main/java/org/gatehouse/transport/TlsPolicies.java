package org.gatehouse.transport;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current TLS policy, parsed once per policy document. */
public class TlsPolicies {
    private final ParsedPolicies<TlsPolicy> parsed;

    @Inject
    public TlsPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, TlsPolicy::of);
    }

    public TlsPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
