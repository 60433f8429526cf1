package org.gatehouse.policy;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.gatehouse.tenant.TenantId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * One capability's view of every tenant's current policy, parsed once per (tenant, stored version): the hot path
 * reloads the documents every few seconds, but a version is immutable, so it is never parsed again. A new version is
 * parsed for the next message. The key also holds the version's creation time, since a tenant deleted and created
 * again starts at version 1 anew.
 */
public final class ParsedPolicies<T> {
    /** A parsed policy and the version it was parsed from (0: the tenant has no stored version, the empty policy). */
    public record Versioned<T>(int version, T policy) {
    }

    private record Key(TenantId tenant, int version, Instant createdAt) {
    }

    private static final long MAX_PARSED = 100_000;

    private final TenantPolicies policies;
    private final Function<PolicyDocument, T> parser;
    private final Cache<Key, T> parsed = CacheBuilder.newBuilder().maximumSize(MAX_PARSED).build();
    private final T empty;

    public ParsedPolicies(TenantPolicies policies, Function<PolicyDocument, T> parser) {
        this.policies = policies;
        this.parser = parser;
        this.empty = parser.apply(PolicyDocument.empty());
    }

    public T of(TenantId tenant) {
        return versioned(tenant).policy();
    }

    public Versioned<T> versioned(TenantId tenant) {
        Optional<PolicyVersion> current = policies.currentVersion(tenant);
        if (current.isEmpty()) {
            return new Versioned<>(0, empty);
        }
        PolicyVersion version = current.get();
        Key key = new Key(tenant, version.version(), version.createdAt());
        T policy = parsed.getIfPresent(key);
        if (policy == null) {
            policy = parser.apply(version.document());
            parsed.put(key, policy);
        }
        return new Versioned<>(version.version(), policy);
    }
}
