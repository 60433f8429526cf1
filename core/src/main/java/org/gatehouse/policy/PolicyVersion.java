package org.gatehouse.policy;

import java.time.Instant;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** One stored version of a tenant's policy, with who changed it and when. */
public record PolicyVersion(TenantId tenantId, int version, PolicyDocument document, Instant createdAt, String author,
                            Optional<String> comment) {
}
