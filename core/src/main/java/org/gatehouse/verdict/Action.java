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
    /** Refuse (5xx at SMTP when decided before the end of DATA; otherwise deleted, with a log entry). */
    REJECT;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public Action mostSevere(Action other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
