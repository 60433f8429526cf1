package org.gatehouse.policy;

import java.util.function.Function;

import org.gatehouse.tenant.TenantId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * One capability's view of every tenant's current policy, parsed once per policy document (a new version is a new
 * document, so a change applies to the next message).
 */
public final class ParsedPolicies<T> {
    private final TenantPolicies policies;
    private final Function<PolicyDocument, T> parser;
    private final Cache<PolicyDocument, T> parsed = CacheBuilder.newBuilder().weakKeys().build();

    public ParsedPolicies(TenantPolicies policies, Function<PolicyDocument, T> parser) {
        this.policies = policies;
        this.parser = parser;
    }

    public T of(TenantId tenant) {
        PolicyDocument document = policies.current(tenant);
        T policy = parsed.getIfPresent(document);
        if (policy == null) {
            policy = parser.apply(document);
            parsed.put(document, policy);
        }
        return policy;
    }
}
