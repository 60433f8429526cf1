package org.gatehouse.messagelog;

import java.util.Locale;

/** Which way a message crosses the gateway, seen from the tenant it is logged for. */
public enum Direction {
    INBOUND, OUTBOUND, SYSTEM;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
