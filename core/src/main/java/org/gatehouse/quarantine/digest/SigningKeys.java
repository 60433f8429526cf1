package org.gatehouse.quarantine.digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** Each tenant's keys for signing digest links, with rotation and revocation. */
public interface SigningKeys {
    /**
     * The key that signs new links: the newest one not retired, created (id 1 after none, or after the last id) on first use.
     *
     * @throws IllegalArgumentException when there is no such tenant
     */
    SigningKey current(TenantId tenant);

    /** A key by id, retired or not, to verify a link it signed. */
    Optional<SigningKey> find(TenantId tenant, int keyId);

    /**
     * Adds a new current key and retires the previous one: new links are signed with the new key, links already sent
     * still verify until they expire.
     *
     * @throws IllegalArgumentException when there is no such tenant
     */
    SigningKey rotate(TenantId tenant);

    /** Deletes every key of the tenant: every link sent so far stops working at once. @return the number deleted */
    int revokeAll(TenantId tenant);

    /**
     * Deletes the keys retired before {@code cutoff}; with a cutoff of now less the longest link validity, no link
     * they signed is still valid. @return the number deleted
     */
    int purgeRetiredBefore(Instant cutoff);

    /** The tenant's keys, oldest first (for operators: the secrets are not shown). */
    List<SigningKey> list(TenantId tenant);
}
