package org.gatehouse.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened to a message, as reports count it (docs/reports.md). Every message-log record falls in exactly one
 * outcome; {@link OutcomeClassifier} decides which.
 */
public enum Outcome {
    DELIVERED_CLEAN("delivered clean"),
    TAGGED("delivered tagged"),
    SPAM_QUARANTINED("spam quarantined"),
    SPAM_BLOCKED("spam blocked"),
    VIRUS("virus"),
    PHISHING("phishing"),
    CONTENT_POLICY("content or policy"),
    DLP("data loss prevention"),
    SENDER_REFUSED("sender authentication or list"),
    RATE_LIMITED("rate limited"),
    RELAY_DENIED("relay denied"),
    BOUNCED("bounced"),
    DEFERRED("deferred");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The name in reports and CSV columns: {@code delivered_clean}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A short English label for people: {@code delivered clean}. */
    public String label() {
        return label;
    }

    public static Optional<Outcome> parse(String value) {
        return Arrays.stream(values()).filter(outcome -> outcome.asString().equals(value)).findFirst();
    }
}
