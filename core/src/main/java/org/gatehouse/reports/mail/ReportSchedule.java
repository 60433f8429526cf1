package org.gatehouse.reports.mail;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.gatehouse.reports.Granularity;
import org.gatehouse.validation.InvalidFieldException;

/**
 * How often a tenant's administrators get the mail report: never, or once per day, ISO week (from Monday) or calendar
 * month, each about the last such period that has fully ended in the tenant's time zone.
 */
public enum ReportSchedule {
    OFF, DAILY, WEEKLY, MONTHLY;

    /** The schedule as the policy writes it: {@code weekly}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidFieldException at {@code field} for anything but {@code off}, {@code daily}, {@code weekly} or
     *                               {@code monthly} (in lower case)
     */
    public static ReportSchedule parse(String field, String value) {
        return Arrays.stream(values()).filter(schedule -> schedule.asString().equals(value)).findFirst()
            .orElseThrow(() -> new InvalidFieldException(field, "must be one of "
                + Arrays.stream(values()).map(ReportSchedule::asString).collect(Collectors.joining(", "))
                + "; got '" + value + "'"));
    }

    /**
     * The most recent period that has fully ended at {@code now}, its days starting at midnight in {@code zone} (or at
     * the first instant after it, when a daylight-saving change skips midnight); empty for {@link #OFF}.
     */
    public Optional<ReportPeriod> lastCompletePeriod(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (this) {
            case OFF -> Optional.empty();
            case DAILY -> Optional.of(new ReportPeriod(this, today.minusDays(1), zone));
            case WEEKLY -> Optional.of(new ReportPeriod(this,
                today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1), zone));
            case MONTHLY -> Optional.of(new ReportPeriod(this, today.withDayOfMonth(1).minusMonths(1), zone));
        };
    }

    /** The period of one bar of the report's chart: hours for a day, days for a week or a month; empty for {@link #OFF}. */
    public Optional<Granularity> chartGranularity() {
        return switch (this) {
            case OFF -> Optional.empty();
            case DAILY -> Optional.of(Granularity.HOUR);
            case WEEKLY, MONTHLY -> Optional.of(Granularity.DAY);
        };
    }
}
