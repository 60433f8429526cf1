package org.gatehouse.disclaimer;

import java.util.Locale;

/** Where a disclaimer goes in the message body: before the author's text or after it. */
public enum DisclaimerPosition {
    TOP, BOTTOM;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
