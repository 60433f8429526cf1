package org.gatehouse.reports.mail;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Objects;

import org.gatehouse.reports.Granularity;

import com.google.common.base.Preconditions;

/**
 * The local period one scheduled report is about: a day, an ISO week (Monday to Sunday) or a calendar month, from its
 * first day's start in {@code zone} (inclusive) to the next period's (exclusive). Its key and label are derived from
 * the dates alone, so they never carry text from an operator or from mail.
 *
 * @param firstDay the period's first day: any day, a Monday for a week, the 1st for a month
 */
public record ReportPeriod(ReportSchedule schedule, LocalDate firstDay, ZoneId zone) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_OF_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

    public ReportPeriod {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(zone, "zone");
        Preconditions.checkArgument(schedule != ReportSchedule.OFF, "a period needs a schedule other than off");
        Preconditions.checkArgument(schedule != ReportSchedule.WEEKLY || firstDay.getDayOfWeek() == DayOfWeek.MONDAY,
            "a week starts on a Monday: %s", firstDay);
        Preconditions.checkArgument(schedule != ReportSchedule.MONTHLY || firstDay.getDayOfMonth() == 1,
            "a month starts on its 1st: %s", firstDay);
    }

    /** The day after the period's last. */
    private LocalDate endDay() {
        return switch (schedule) {
            case DAILY -> firstDay.plusDays(1);
            case WEEKLY -> firstDay.plusWeeks(1);
            default -> firstDay.plusMonths(1);
        };
    }

    public LocalDate lastDay() {
        return endDay().minusDays(1);
    }

    public Instant start() {
        return firstDay.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return endDay().atStartOfDay(zone).toInstant();
    }

    /**
     * Names the period for the record of reports sent, the same whatever the zone: {@code daily:2026-12-05},
     * {@code weekly:2026-W49} (ISO week-based year), {@code monthly:2026-11}.
     */
    public String key() {
        return schedule.asString() + ":" + switch (schedule) {
            case DAILY -> firstDay.toString();
            case WEEKLY -> String.format(Locale.ROOT, "%d-W%02d", firstDay.get(IsoFields.WEEK_BASED_YEAR),
                firstDay.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            default -> String.format(Locale.ROOT, "%d-%02d", firstDay.getYear(), firstDay.getMonthValue());
        };
    }

    /**
     * The period for people, in English: {@code 5 December 2026}, {@code week 49 of 2026 (30 November – 6 December 2026)},
     * {@code November 2026}.
     */
    public String label() {
        return switch (schedule) {
            case DAILY -> DAY.format(firstDay);
            case WEEKLY -> "week " + firstDay.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + " of "
                + firstDay.get(IsoFields.WEEK_BASED_YEAR) + " (" + days(firstDay, lastDay()) + ")";
            default -> MONTH.format(firstDay);
        };
    }

    /** The period of one bar of the report's chart. */
    public Granularity granularity() {
        return schedule.chartGranularity().orElseThrow();
    }

    private static String days(LocalDate first, LocalDate last) {
        if (first.getYear() != last.getYear()) {
            return DAY.format(first) + " – " + DAY.format(last);
        }
        if (first.getMonth() != last.getMonth()) {
            return DAY_OF_MONTH.format(first) + " – " + DAY.format(last);
        }
        return first.getDayOfMonth() + " – " + DAY.format(last);
    }
}
