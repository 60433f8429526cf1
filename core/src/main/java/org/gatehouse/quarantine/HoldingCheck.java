package org.gatehouse.quarantine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The check that held a message, recorded with it: a release skips exactly this check and no other, and the check
 * decides the quarantine family (and so the repository and the retention).
 */
public enum HoldingCheck {
    ANTIVIRUS(QuarantineFamily.VIRUS),
    CONTENT(QuarantineFamily.POLICY),
    SENDER(QuarantineFamily.POLICY),
    SCORING(QuarantineFamily.SPAM),
    DLP(QuarantineFamily.DLP),
    PHISHING(QuarantineFamily.PHISHING),
    /** Outbound mail that should be signed and cannot be (docs/dkim-signing.md); released, it leaves unsigned. */
    DKIM(QuarantineFamily.POLICY);

    private final QuarantineFamily family;

    HoldingCheck(QuarantineFamily family) {
        this.family = family;
    }

    public static Optional<HoldingCheck> parse(String value) {
        return Arrays.stream(values()).filter(check -> check.asString().equals(value)).findFirst();
    }

    public QuarantineFamily family() {
        return family;
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
