package org.gatehouse.tenant;

import java.util.List;
import java.util.Optional;

/** Durable tenant records. Every implementation passes {@code TenantStoreContract}. */
public interface TenantStore {
    enum Outcome { CREATED, UPDATED }

    /**
     * Creates or replaces a tenant atomically.
     *
     * @throws TenantConflictException when a domain or relay network belongs to another tenant; nothing changes then
     */
    Outcome save(Tenant tenant);

    Optional<Tenant> get(TenantId id);

    List<Tenant> list();

    /** @return true when the tenant existed */
    boolean delete(TenantId id);
}
