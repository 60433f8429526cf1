package org.gatehouse.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.gatehouse.messagelog.Direction;

/**
 * The range and scope of a report. Rollups are hourly (top lists daily, UTC), so {@code from} is taken down to its hour
 * and {@code to} up to the next one ({@link #hourFrom()}, {@link #hourTo()}).
 *
 * @param tenant one tenant's mail, or every tenant's (the operator's view, which includes mail of no tenant and counts a
 *               record that concerned several tenants once)
 * @param direction one direction, or both
 * @param zone where days, weeks and months of a summary start
 */
public record ReportQuery(Optional<String> tenant, Optional<Direction> direction, Instant from, Instant to, ZoneId zone) {
    /** The longest range a report may ask for. */
    public static final Duration MAX_RANGE = Duration.ofDays(3 * 366);

    public ReportQuery {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("a report covers at most " + MAX_RANGE.toDays() + " days");
        }
    }

    public Instant hourFrom() {
        return from.truncatedTo(ChronoUnit.HOURS);
    }

    public Instant hourTo() {
        Instant hour = to.truncatedTo(ChronoUnit.HOURS);
        return hour.equals(to) ? to : hour.plus(Duration.ofHours(1));
    }

    public Instant dayFrom() {
        return from.truncatedTo(ChronoUnit.DAYS);
    }

    public Instant dayTo() {
        Instant day = to.truncatedTo(ChronoUnit.DAYS);
        return day.equals(to) ? to : day.plus(Duration.ofDays(1));
    }
}
