package org.gatehouse.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps tenants as given, without the database stores' conflict checks. {@link #failWith} makes every call throw, as a
 * store whose database is down does, so that a caller's fail-closed path can be tested.
 */
public class InMemoryTenantStore implements TenantStore {
    private final Map<TenantId, Tenant> tenants = new LinkedHashMap<>();
    private volatile Optional<RuntimeException> failure = Optional.empty();

    public static InMemoryTenantStore of(Tenant... tenants) {
        InMemoryTenantStore store = new InMemoryTenantStore();
        for (Tenant tenant : tenants) {
            store.save(tenant);
        }
        return store;
    }

    /** From now on every call throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = Optional.of(failure);
    }

    @Override
    public synchronized Outcome save(Tenant tenant) {
        failIfBroken();
        return tenants.put(tenant.id(), tenant) == null ? Outcome.CREATED : Outcome.UPDATED;
    }

    @Override
    public synchronized Optional<Tenant> get(TenantId id) {
        failIfBroken();
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public synchronized List<Tenant> list() {
        failIfBroken();
        return new ArrayList<>(tenants.values());
    }

    @Override
    public synchronized boolean delete(TenantId id) {
        failIfBroken();
        return tenants.remove(id) != null;
    }

    private void failIfBroken() {
        if (failure.isPresent()) {
            throw failure.get();
        }
    }
}
