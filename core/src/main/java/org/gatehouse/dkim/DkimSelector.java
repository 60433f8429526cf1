package org.gatehouse.dkim;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

/**
 * A DKIM selector (RFC 6376 3.1): dot-separated LDH labels, in lower case, at most 63 characters, so that
 * {@code <selector>._domainkey.<domain>} stays a valid DNS name.
 */
public final class DkimSelector {
    public static final int MAX_LENGTH = 63;
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM", Locale.ROOT).withZone(ZoneOffset.UTC);

    public static DkimSelector of(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "'" + value + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!SELECTOR.matcher(lower).matches()) {
            throw new InvalidFieldException(field, "'" + value + "' is not a valid selector: letters, digits and inner hyphens,"
                + " in labels separated by dots");
        }
        return new DkimSelector(lower);
    }

    public static DkimSelector of(String value) {
        return of("selector", value);
    }

    /** {@code gh<yyyyMM>} of the clock's month, then {@code -2}, {@code -3}… for the n-th key of the same month. */
    public static DkimSelector generated(Clock clock, int attempt) {
        String month = "gh" + MONTH.format(clock.instant());
        return new DkimSelector(attempt <= 1 ? month : month + "-" + attempt);
    }

    private final String value;

    private DkimSelector(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DkimSelector other && value.equals(other.value);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
