package org.gatehouse.message;

import java.util.Objects;

/**
 * One header field as it arrived (unfolded) and with its RFC 2047 encoded words decoded, so checks can look at
 * either without decoding twice.
 *
 * @param name the field name as written
 * @param raw the unfolded field body, encoded words left as they are
 * @param decoded the field body with encoded words decoded
 */
public record HeaderField(String name, String raw, String decoded) {
    public HeaderField {
        Objects.requireNonNull(name);
        Objects.requireNonNull(raw);
        Objects.requireNonNull(decoded);
    }
}
