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
        return parse(tenant, current.get());
    }

    /**
     * The tenant's policy as it was at {@code version} (0: the empty policy), for applying a decision under the version
     * it was made under. When the store no longer has that version (the tenant was deleted and created again, or its
     * history removed), the current policy is the answer: {@link Versioned#version()} then says which one it is.
     */
    public Versioned<T> at(TenantId tenant, int version) {
        if (version <= 0) {
            return new Versioned<>(0, empty);
        }
        return policies.version(tenant, version).map(found -> parse(tenant, found)).orElseGet(() -> versioned(tenant));
    }

    private Versioned<T> parse(TenantId tenant, PolicyVersion version) {
        Key key = new Key(tenant, version.version(), version.createdAt());
        T policy = parsed.getIfPresent(key);
        if (policy == null) {
            policy = parser.apply(version.document());
            parsed.put(key, policy);
        }
        return new Versioned<>(version.version(), policy);
    }
}
