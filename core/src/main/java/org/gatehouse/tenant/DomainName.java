package org.gatehouse.tenant;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

/** A DNS domain name in lower case, validated as an LDH host name (RFC 1123), at most 253 characters. */
public final class DomainName {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public static DomainName of(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.length() > 253) {
            throw new InvalidFieldException(field, "'" + value + "' is longer than 253 characters");
        }
        String[] labels = lower.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidFieldException(field, "'" + value + "' is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidFieldException(field, "'" + value + "' is not a valid domain name");
            }
        }
        return new DomainName(lower);
    }

    public static DomainName of(String value) {
        return of("domain", value);
    }

    private final String value;

    private DomainName(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DomainName && Objects.equals(value, ((DomainName) o).value);
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
