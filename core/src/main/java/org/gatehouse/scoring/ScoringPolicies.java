package org.gatehouse.scoring;

import javax.inject.Inject;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/** Each tenant's current scoring policy, parsed once per policy document so a change applies to the next message. */
public class ScoringPolicies {
    private final TenantPolicies policies;
    private final Cache<PolicyDocument, ScoringPolicy> parsed = CacheBuilder.newBuilder().weakKeys().build();

    @Inject
    public ScoringPolicies(TenantPolicies policies) {
        this.policies = policies;
    }

    public ScoringPolicy policyOf(TenantId tenant) {
        PolicyDocument document = policies.current(tenant);
        ScoringPolicy policy = parsed.getIfPresent(document);
        if (policy == null) {
            policy = ScoringPolicy.of(document);
            parsed.put(document, policy);
        }
        return policy;
    }
}
