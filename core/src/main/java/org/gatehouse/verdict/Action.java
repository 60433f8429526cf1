package org.gatehouse.verdict;

import java.util.Locale;

/**
 * What a check asks the gateway to do with a message, in increasing severity. When several checks decide, the
 * most severe action wins ({@link Verdict#action()}); the explanation lists them all.
 */
public enum Action {
    /** Deliver unchanged (the finding may still add to the spam score). */
    PASS,
    /** Deliver with the X-Gatehouse headers. */
    TAG,
    /** Deliver with the headers and a prefix on the Subject. */
    TAG_SUBJECT,
    /** Deliver, and send a copy to the tenant's administrator (content policy). */
    COPY,
    /** Deliver without the offending attachments, with a note saying what was removed; the original is held (content policy). */
    STRIP,
    /** Deliver to the tenant's redirect address instead. */
    REDIRECT,
    /** Hold in the tenant's quarantine. */
    QUARANTINE,
    /** Refuse for now (4xx): the sender retries; used when a dependency failed and the policy says so. */
    TEMPFAIL,
    /**
     * Refuse: 5xx at SMTP when decided before the 250; after it (another tenant of the message accepted it), held in the
     * quarantine marked blocked, since accepted mail is never dropped (DLP's block bounces to the sender instead).
     */
    BLOCK;

    /** The word Gatehouse used for {@link #BLOCK} before the actions were one vocabulary across the policy sections. */
    public static final String RENAMED_REJECT = "reject";

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action named in configuration or a policy document; {@code reject} is refused with the word to use instead.
     *
     * @throws IllegalArgumentException for an unknown word, with the reason
     */
    public static Action parse(String value) {
        if (RENAMED_REJECT.equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(renamedMessage());
        }
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** As {@link #parse}, also reading {@code reject}: for actions stored before the rename (queued mail, attributes). */
    public static Action parseStored(String value) {
        return RENAMED_REJECT.equalsIgnoreCase(value) ? BLOCK : valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The 400 reason for a policy that still says {@code reject}. */
    public static String renamedMessage() {
        return "'reject' is no longer an action: use 'block' (the same refusal; one action vocabulary across every policy section)";
    }

    public Action mostSevere(Action other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
