package org.gatehouse.admin;

import java.time.Instant;
import java.util.Optional;

/** An API token's public side: what {@code GET /gatehouse/accounts/{login}/tokens} lists. The secret is never stored. */
public record ApiToken(String id, String login, String description, Instant createdAt, Optional<Instant> expiresAt,
                       Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {
    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
