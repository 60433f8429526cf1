package org.gatehouse.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The period of one point of a summary's series. Days, weeks (from Monday) and months are in the report's time zone. */
public enum Granularity {
    HOUR, DAY, WEEK, MONTH;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Granularity> parse(String value) {
        return Arrays.stream(values()).filter(granularity -> granularity.asString().equals(value)).findFirst();
    }
}
