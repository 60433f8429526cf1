package org.gatehouse.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.RefreshingSnapshot;
import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableMap;

/**
 * The hot-path view of tenant policies: every tenant's current document, loaded in one query and kept at most
 * {@link #MAX_AGE}; a change made through this process ({@link #invalidate()}) applies to the next message.
 */
public class TenantPolicies {
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final PolicyStore store;
    private final RefreshingSnapshot<ImmutableMap<TenantId, PolicyVersion>> documents;

    @Inject
    public TenantPolicies(PolicyStore store) {
        this(store, Clock.systemUTC());
    }

    public TenantPolicies(PolicyStore store, Clock clock) {
        this.store = store;
        this.documents = new RefreshingSnapshot<>(() -> load(store), MAX_AGE, clock);
    }

    private static ImmutableMap<TenantId, PolicyVersion> load(PolicyStore store) {
        return ImmutableMap.copyOf(store.currentAll());
    }

    /** The tenant's current policy; the empty policy for a tenant without a stored version. */
    public PolicyDocument current(TenantId tenantId) {
        return currentVersion(tenantId).map(PolicyVersion::document).orElse(PolicyDocument.empty());
    }

    /** The tenant's current stored version; empty for a tenant without one (its policy is the empty document). */
    public Optional<PolicyVersion> currentVersion(TenantId tenantId) {
        return Optional.ofNullable(documents.get().get(tenantId));
    }

    /**
     * One stored version of the tenant's policy: the current one from the snapshot, an older one from the store (a
     * decision made under a version the tenant has changed since is applied under that version). Empty when the store
     * does not have it (the tenant was deleted).
     */
    public Optional<PolicyVersion> version(TenantId tenantId, int version) {
        Optional<PolicyVersion> current = currentVersion(tenantId).filter(found -> found.version() == version);
        return current.isPresent() ? current : store.version(tenantId, version);
    }

    public void invalidate() {
        documents.invalidate();
    }
}
