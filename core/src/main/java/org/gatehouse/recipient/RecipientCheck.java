package org.gatehouse.recipient;

/** What a tenant's directory says of one recipient, and why (for the message log). */
public record RecipientCheck(Outcome outcome, String detail) {
    public enum Outcome {
        /** a recipient of the tenant: accepted */
        KNOWN,
        /** no such recipient: 550 5.1.1 */
        UNKNOWN,
        /** the directory could not be asked: 451 4.4.3, never a guess */
        UNAVAILABLE
    }

    public static RecipientCheck known(String detail) {
        return new RecipientCheck(Outcome.KNOWN, detail);
    }

    public static RecipientCheck unknown(String detail) {
        return new RecipientCheck(Outcome.UNKNOWN, detail);
    }

    public static RecipientCheck unavailable(String detail) {
        return new RecipientCheck(Outcome.UNAVAILABLE, detail);
    }
}
