package org.gatehouse.quarantine.digest;

import java.time.Instant;

/** The ids of action tokens already used: what makes a one-click link work once, on every node. */
public interface UsedTokens {
    /**
     * Records the use, atomically: of two concurrent calls with the same id, exactly one returns true.
     *
     * @param expiresAt when the token expires: its record may be purged from then on
     * @return false when the token was already used
     */
    boolean markUsed(String tokenId, Instant expiresAt, Instant now);

    boolean isUsed(String tokenId);

    /** Forgets the uses of tokens expired at {@code now}: an expired token is refused anyway. @return the number forgotten */
    int purgeExpired(Instant now);
}
