package org.gatehouse.quarantine.digest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;

/**
 * What a signed link says once verified: who may do what to which entry, until when. A verified token is the only
 * authority the confirmation page needs: the recipient does not log in.
 *
 * @param entryId   the quarantine entry acted on; empty for {@link TokenAction#LIST}
 * @param recipient the address the digest went to, as written in the link
 * @param expiresAt whole seconds: the link is refused from this instant on
 * @param tokenId   128 random bits in hex, the key of the token's single use
 * @param keyId     the tenant's signing key that signed the token
 */
public record ActionToken(TenantId tenant, Optional<String> entryId, String recipient, TokenAction action,
                          Instant expiresAt, String tokenId, int keyId) {
    public ActionToken {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        Preconditions.checkArgument(action.needsEntry() == entryId.isPresent(),
            "an entry id is required for %s and refused for LIST", action);
        Preconditions.checkArgument(entryId.map(id -> !id.isEmpty()).orElse(true), "entry id must not be empty");
        Preconditions.checkArgument(!recipient.isEmpty(), "recipient must not be empty");
        Preconditions.checkArgument(expiresAt.getNano() == 0, "expiresAt is in whole seconds");
        Preconditions.checkArgument(keyId >= 1, "keyId starts at 1");
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("tenant", tenant.asString()).add("entryId", entryId.orElse(null))
            .add("recipient", recipient).add("action", action).add("expiresAt", expiresAt).add("keyId", keyId).toString();
    }
}
