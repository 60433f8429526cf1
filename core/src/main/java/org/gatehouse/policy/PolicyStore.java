package org.gatehouse.policy;

import java.util.List;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** Versioned tenant policies: every change is a new version; nothing is overwritten. */
public interface PolicyStore {
    /** Stores a new version, numbered one past the latest. */
    PolicyVersion save(TenantId tenantId, PolicyDocument document, String author, Optional<String> comment);

    Optional<PolicyVersion> current(TenantId tenantId);

    Optional<PolicyVersion> version(TenantId tenantId, int version);

    /** The current version of every tenant's policy, in one query (the hot path's cache loads it). */
    java.util.Map<TenantId, PolicyVersion> currentAll();

    /** All versions, oldest first. */
    List<PolicyVersion> versions(TenantId tenantId);
}
