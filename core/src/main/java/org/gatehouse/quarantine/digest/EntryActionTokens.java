package org.gatehouse.quarantine.digest;

import java.time.Instant;
import java.util.Objects;

import org.gatehouse.quarantine.QuarantineEntry;

/** The tokens of the three one-click links a digest shows for one held message. */
public record EntryActionTokens(String release, String releaseAndAllow, String blockSender) {
    public EntryActionTokens {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(releaseAndAllow, "releaseAndAllow");
        Objects.requireNonNull(blockSender, "blockSender");
    }

    /** Signs the three tokens of one entry for one recipient. */
    public static EntryActionTokens issue(ActionTokens tokens, QuarantineEntry entry, String recipient, Instant expiresAt) {
        return new EntryActionTokens(
            tokens.issue(entry.tenant(), entry.id(), recipient, TokenAction.RELEASE, expiresAt),
            tokens.issue(entry.tenant(), entry.id(), recipient, TokenAction.RELEASE_AND_ALLOW, expiresAt),
            tokens.issue(entry.tenant(), entry.id(), recipient, TokenAction.BLOCK_SENDER, expiresAt));
    }
}
