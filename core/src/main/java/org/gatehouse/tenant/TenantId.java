package org.gatehouse.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.base.MoreObjects;

/** Identifier of a tenant: 1 to 64 characters of lowercase letters, digits, '-' and '_'. */
public final class TenantId {
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public static TenantId of(String value) {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new InvalidFieldException("tenantId",
                "must be 1 to 64 characters of lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        return new TenantId(value);
    }

    private final String value;

    private TenantId(String value) {
        this.value = value;
    }

    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof TenantId && Objects.equals(value, ((TenantId) o).value);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("value", value).toString();
    }
}
