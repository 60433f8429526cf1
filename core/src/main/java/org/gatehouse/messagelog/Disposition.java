package org.gatehouse.messagelog;

import java.util.Collection;
import java.util.Locale;

/**
 * What finally happened to a message (QUEUED while delivery is still being attempted). REDIRECTED marks a
 * recipient whose copy went to another address (a spam redirect); the message's disposition follows that address.
 * ACCEPTED marks a recipient of a refusal record that the gateway accepted at RCPT in the same transaction: what
 * became of its message is in that message's own record.
 */
public enum Disposition {
    QUEUED, DELIVERED, PARTIALLY_DELIVERED, BOUNCED, REJECTED, QUARANTINED, REDIRECTED, ACCEPTED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Disposition parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The message's disposition from its recipients' states. */
    public static Disposition of(Collection<Disposition> states) {
        // a redirected or accepted recipient's outcome is another record's (or another recipient's), unless all are so
        boolean followOthers = states.stream().allMatch(REDIRECTED::equals) || states.stream().allMatch(ACCEPTED::equals);
        Collection<Disposition> recipientStates = followOthers ? states
            : states.stream().filter(state -> state != REDIRECTED && state != ACCEPTED).toList();
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
