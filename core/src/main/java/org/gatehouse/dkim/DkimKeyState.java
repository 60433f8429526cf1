package org.gatehouse.dkim;

import java.util.Locale;

/** Where a key is in its life: published but not yet used, the domain's signing key, or replaced (its TXT may go). */
public enum DkimKeyState {
    PENDING, ACTIVE, RETIRED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DkimKeyState parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
