package org.gatehouse.reports;

import javax.inject.Inject;

import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

/** Each tenant's current reports policy, parsed once per policy document. */
public class ReportsPolicies {
    private final ParsedPolicies<ReportsPolicy> parsed;

    @Inject
    public ReportsPolicies(TenantPolicies policies) {
        this.parsed = new ParsedPolicies<>(policies, ReportsPolicy::of);
    }

    public ReportsPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }
}
