package org.gatehouse.quarantine.digest;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.tenant.TenantId;

/**
 * The links a digest offers when the tenant allows self-service: each entry's one-click tokens, the token of the
 * recipient's self-service page, and when they all expire.
 */
public record DigestActions(Function<QuarantineEntry, EntryActionTokens> entryTokens, String selfServiceToken,
                            Instant expiresAt) {
    public DigestActions {
        Objects.requireNonNull(entryTokens, "entryTokens");
        Objects.requireNonNull(selfServiceToken, "selfServiceToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Tokens signed with the tenant's current key, for one recipient, valid until {@code expiresAt}. */
    public static DigestActions signed(ActionTokens tokens, TenantId tenant, String recipient, Instant expiresAt) {
        return new DigestActions(entry -> EntryActionTokens.issue(tokens, entry, recipient, expiresAt),
            tokens.issueList(tenant, recipient, expiresAt), expiresAt);
    }
}
