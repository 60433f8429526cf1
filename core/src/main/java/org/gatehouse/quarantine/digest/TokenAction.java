package org.gatehouse.quarantine.digest;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a link in a digest lets its holder do. The one-letter code is what a token carries: stable across releases,
 * so that a link sent before an upgrade still reads after it.
 */
public enum TokenAction {
    RELEASE('R'),
    RELEASE_AND_ALLOW('A'),
    BLOCK_SENDER('B'),
    /** The recipient says the message is spam: it is deleted and the token classifier learns it (self-service page). */
    REPORT_SPAM('S'),
    /** Opens the recipient's self-service page; usable until it expires, never consumed. */
    LIST('L');

    private final char code;

    TokenAction(char code) {
        this.code = code;
    }

    char code() {
        return code;
    }

    static Optional<TokenAction> ofCode(char code) {
        return Arrays.stream(values()).filter(action -> action.code == code).findFirst();
    }

    /** Whether the action concerns one quarantine entry (every action but {@link #LIST}). */
    public boolean needsEntry() {
        return this != LIST;
    }
}
