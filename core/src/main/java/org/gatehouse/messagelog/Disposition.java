package org.gatehouse.messagelog;

import java.util.Collection;
import java.util.Locale;

/**
 * What finally happened to a message (QUEUED while delivery is still being attempted). REDIRECTED marks a
 * recipient whose copy went to another address (a spam redirect); the message's disposition follows that address.
 */
public enum Disposition {
    QUEUED, DELIVERED, PARTIALLY_DELIVERED, BOUNCED, REJECTED, QUARANTINED, REDIRECTED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Disposition parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The message's disposition from its recipients' states. */
    public static Disposition of(Collection<Disposition> states) {
        Collection<Disposition> recipientStates = states.stream().allMatch(REDIRECTED::equals) ? states
            : states.stream().filter(state -> state != REDIRECTED).toList();
        if (recipientStates.isEmpty() || recipientStates.contains(QUEUED)) {
            return QUEUED;
        }
        if (recipientStates.stream().allMatch(recipientStates.iterator().next()::equals)) {
            return recipientStates.iterator().next();
        }
        if (recipientStates.contains(DELIVERED)) {
            return PARTIALLY_DELIVERED;
        }
        for (Disposition severe : new Disposition[] {QUARANTINED, REJECTED, BOUNCED}) {
            if (recipientStates.contains(severe)) {
                return severe;
            }
        }
        return QUEUED;
    }
}
