package org.gatehouse.dlp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which recipients a DLP rule is about, relative to the tenant's own domains. */
public enum RecipientScope {
    /** Every recipient. */
    ANY,
    /** Recipients outside the tenant's domains (and addresses without a domain). */
    EXTERNAL,
    /** Recipients in the tenant's domains or below them. */
    INTERNAL;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RecipientScope> parse(String value) {
        return Arrays.stream(values()).filter(scope -> scope.asString().equals(value)).findFirst();
    }
}
