package org.gatehouse.disclaimer;

import java.util.Locale;

/**
 * What a tenant does with signed or encrypted messages, whose bytes a disclaimer must never touch: leave them as they
 * are, or add the disclaimer as a separate text part next to the protected entity.
 */
public enum SignedMessageHandling {
    SKIP, ATTACH;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
