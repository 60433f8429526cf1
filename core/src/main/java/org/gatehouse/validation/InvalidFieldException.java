package org.gatehouse.validation;

import java.util.Objects;

/**
 * A value supplied by an operator failed validation. Carries the JSON path of the field
 * ({@code domains[1]}, {@code downstream.port}) so that the error names exactly what to fix.
 */
public class InvalidFieldException extends RuntimeException {
    private final String field;
    private final String reason;

    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = Objects.requireNonNull(field);
        this.reason = Objects.requireNonNull(reason);
    }

    public String getField() {
        return field;
    }

    public String getReason() {
        return reason;
    }
}
