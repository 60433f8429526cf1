package org.gatehouse.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * Versioned tenant policies in memory. {@link #failWith} makes every call throw, as a store whose database is down
 * does, so that a caller's fail-closed path can be tested.
 */
public class InMemoryPolicyStore implements PolicyStore {
    private final Map<TenantId, List<PolicyVersion>> versions = new HashMap<>();
    private volatile Optional<RuntimeException> failure = Optional.empty();

    /** From now on every call throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = Optional.of(failure);
    }

    @Override
    public synchronized PolicyVersion save(TenantId tenantId, PolicyDocument document, String author, Optional<String> comment) {
        failIfBroken();
        List<PolicyVersion> tenantVersions = versions.computeIfAbsent(tenantId, any -> new ArrayList<>());
        PolicyVersion version = new PolicyVersion(tenantId, tenantVersions.size() + 1, document, Instant.EPOCH, author, comment);
        tenantVersions.add(version);
        return version;
    }

    @Override
    public synchronized Optional<PolicyVersion> current(TenantId tenantId) {
        failIfBroken();
        List<PolicyVersion> tenantVersions = versions.getOrDefault(tenantId, List.of());
        return tenantVersions.isEmpty() ? Optional.empty() : Optional.of(tenantVersions.get(tenantVersions.size() - 1));
    }

    @Override
    public synchronized Optional<PolicyVersion> version(TenantId tenantId, int version) {
        failIfBroken();
        return versions.getOrDefault(tenantId, List.of()).stream().filter(stored -> stored.version() == version).findFirst();
    }

    @Override
    public synchronized Map<TenantId, PolicyVersion> currentAll() {
        failIfBroken();
        Map<TenantId, PolicyVersion> current = new HashMap<>();
        versions.keySet().forEach(tenant -> current(tenant).ifPresent(version -> current.put(tenant, version)));
        return current;
    }

    @Override
    public synchronized List<PolicyVersion> versions(TenantId tenantId) {
        failIfBroken();
        return List.copyOf(versions.getOrDefault(tenantId, List.of()));
    }

    private void failIfBroken() {
        if (failure.isPresent()) {
            throw failure.get();
        }
    }
}
