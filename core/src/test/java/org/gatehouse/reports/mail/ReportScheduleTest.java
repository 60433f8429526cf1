package org.gatehouse.reports.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.gatehouse.reports.Granularity;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");

    private static ReportPeriod last(ReportSchedule schedule, String now, ZoneId zone) {
        return schedule.lastCompletePeriod(Instant.parse(now), zone).orElseThrow();
    }

    @Test
    void parseShouldReadEachSchedule() {
        assertThat(ReportSchedule.parse("f", "off")).isEqualTo(ReportSchedule.OFF);
        assertThat(ReportSchedule.parse("f", "daily")).isEqualTo(ReportSchedule.DAILY);
        assertThat(ReportSchedule.parse("f", "weekly")).isEqualTo(ReportSchedule.WEEKLY);
        assertThat(ReportSchedule.parse("f", "monthly")).isEqualTo(ReportSchedule.MONTHLY);
    }

    @Test
    void parseShouldRefuseOtherValuesNamingTheFieldAndTheAllowedValues() {
        for (String value : new String[] {"", "OFF", "Daily", " weekly", "weekly ", "hourly", "yearly", "daily@08:00"}) {
            assertThatThrownBy(() -> ReportSchedule.parse("reports.schedule", value))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.getField()).isEqualTo("reports.schedule");
                    assertThat(e.getReason()).contains("off, daily, weekly, monthly").contains("'" + value + "'");
                });
        }
    }

    @Test
    void asStringShouldBeWhatParseReads() {
        for (ReportSchedule schedule : ReportSchedule.values()) {
            assertThat(ReportSchedule.parse("f", schedule.asString())).isEqualTo(schedule);
        }
    }

    @Test
    void lastCompletePeriodShouldBeEmptyWhenOff() {
        assertThat(ReportSchedule.OFF.lastCompletePeriod(Instant.parse("2026-12-06T10:00:00Z"), PARIS)).isEmpty();
    }

    @Test
    void chartGranularityShouldBeHoursForADayAndDaysForAWeekOrAMonth() {
        assertThat(ReportSchedule.OFF.chartGranularity()).isEmpty();
        assertThat(ReportSchedule.DAILY.chartGranularity()).contains(Granularity.HOUR);
        assertThat(ReportSchedule.WEEKLY.chartGranularity()).contains(Granularity.DAY);
        assertThat(ReportSchedule.MONTHLY.chartGranularity()).contains(Granularity.DAY);
        assertThat(last(ReportSchedule.DAILY, "2026-12-06T10:00:00Z", PARIS).granularity()).isEqualTo(Granularity.HOUR);
        assertThat(last(ReportSchedule.MONTHLY, "2026-12-06T10:00:00Z", PARIS).granularity()).isEqualTo(Granularity.DAY);
    }

    @Test
    void dailyShouldBeYesterdayFromLocalMidnightToLocalMidnight() {
        ReportPeriod period = last(ReportSchedule.DAILY, "2026-12-06T10:00:00Z", PARIS);

        assertThat(period.firstDay()).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(period.key()).isEqualTo("daily:2026-12-05");
        assertThat(period.label()).isEqualTo("5 December 2026");
    }

    @Test
    void dailyShouldFollowTheLocalDateNotTheUtcOne() {
        // 23:30 UTC on the 5th is 00:30 on the 6th in Paris: the 5th has ended there
        assertThat(last(ReportSchedule.DAILY, "2026-12-05T23:30:00Z", PARIS).key()).isEqualTo("daily:2026-12-05");
        // midnight exactly: the day before has fully ended
        assertThat(last(ReportSchedule.DAILY, "2026-12-05T23:00:00Z", PARIS).key()).isEqualTo("daily:2026-12-05");
        assertThat(last(ReportSchedule.DAILY, "2026-12-05T22:59:59Z", PARIS).key()).isEqualTo("daily:2026-12-04");
        // noon UTC on the 5th is already 01:00 on the 6th in Auckland (UTC+13 in summer)
        ReportPeriod auckland = last(ReportSchedule.DAILY, "2026-12-05T12:00:00Z", AUCKLAND);
        assertThat(auckland.key()).isEqualTo("daily:2026-12-05");
        assertThat(auckland.start()).isEqualTo(Instant.parse("2026-12-04T11:00:00Z"));
        assertThat(last(ReportSchedule.DAILY, "2026-12-05T12:00:00Z", ZoneOffset.UTC).key()).isEqualTo("daily:2026-12-04");
    }

    @Test
    void dailyShouldCrossMonthAndYearEnds() {
        ReportPeriod newYear = last(ReportSchedule.DAILY, "2027-01-01T05:00:00Z", PARIS);
        assertThat(newYear.key()).isEqualTo("daily:2026-12-31");
        assertThat(newYear.label()).isEqualTo("31 December 2026");
        assertThat(newYear.end()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));

        ReportPeriod monthEnd = last(ReportSchedule.DAILY, "2026-03-01T12:00:00Z", PARIS);
        assertThat(monthEnd.key()).isEqualTo("daily:2026-02-28");
        assertThat(monthEnd.label()).isEqualTo("28 February 2026");
    }

    @Test
    void dailyShouldLastTwentyThreeOrTwentyFiveHoursOnDaylightSavingChanges() {
        ReportPeriod spring = last(ReportSchedule.DAILY, "2026-03-30T08:00:00Z", PARIS);
        assertThat(spring.start()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(spring.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));

        ReportPeriod autumn = last(ReportSchedule.DAILY, "2026-10-26T08:00:00Z", PARIS);
        assertThat(autumn.start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(autumn.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void weeklyShouldBeThePreviousIsoWeekFromMondayToMonday() {
        ReportPeriod period = last(ReportSchedule.WEEKLY, "2026-12-09T10:00:00Z", PARIS);

        assertThat(period.firstDay()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(period.lastDay()).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-12-06T23:00:00Z"));
        assertThat(period.key()).isEqualTo("weekly:2026-W49");
        assertThat(period.label()).isEqualTo("week 49 of 2026 (30 November – 6 December 2026)");
    }

    @Test
    void weeklyShouldStartAtTheLocalMondayMidnight() {
        // Monday 7 December 00:00 in Paris is 23:00 UTC on Sunday: week 49 has just ended
        assertThat(last(ReportSchedule.WEEKLY, "2026-12-06T23:00:00Z", PARIS).key()).isEqualTo("weekly:2026-W49");
        assertThat(last(ReportSchedule.WEEKLY, "2026-12-06T22:59:59Z", PARIS).key()).isEqualTo("weekly:2026-W48");
        // a Sunday: the week that ended the Monday before
        assertThat(last(ReportSchedule.WEEKLY, "2026-12-13T12:00:00Z", PARIS).label())
            .isEqualTo("week 49 of 2026 (30 November – 6 December 2026)");
        assertThat(last(ReportSchedule.WEEKLY, "2026-12-15T12:00:00Z", PARIS).label())
            .isEqualTo("week 50 of 2026 (7 – 13 December 2026)");
    }

    @Test
    void weeklyShouldUseTheIsoWeekBasedYearAcrossYearEnds() {
        ReportPeriod week53 = last(ReportSchedule.WEEKLY, "2027-01-05T12:00:00Z", PARIS);
        assertThat(week53.key()).isEqualTo("weekly:2026-W53");
        assertThat(week53.label()).isEqualTo("week 53 of 2026 (28 December 2026 – 3 January 2027)");
        assertThat(week53.end()).isEqualTo(Instant.parse("2027-01-03T23:00:00Z"));

        ReportPeriod week1 = last(ReportSchedule.WEEKLY, "2025-01-07T12:00:00Z", PARIS);
        assertThat(week1.firstDay()).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(week1.key()).isEqualTo("weekly:2025-W01");
        assertThat(week1.label()).isEqualTo("week 1 of 2025 (30 December 2024 – 5 January 2025)");
    }

    @Test
    void weeklyShouldLoseAnHourOverTheSpringChange() {
        ReportPeriod period = last(ReportSchedule.WEEKLY, "2026-04-01T12:00:00Z", PARIS);

        assertThat(period.key()).isEqualTo("weekly:2026-W13");
        assertThat(period.start()).isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(period.start(), period.end())).isEqualTo(Duration.ofDays(7).minusHours(1));
    }

    @Test
    void monthlyShouldBeThePreviousCalendarMonth() {
        ReportPeriod period = last(ReportSchedule.MONTHLY, "2026-12-15T12:00:00Z", PARIS);

        assertThat(period.firstDay()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(period.lastDay()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(period.key()).isEqualTo("monthly:2026-11");
        assertThat(period.label()).isEqualTo("November 2026");
    }

    @Test
    void monthlyShouldStartAtTheLocalFirstOfTheMonth() {
        assertThat(last(ReportSchedule.MONTHLY, "2026-11-30T23:00:00Z", PARIS).key()).isEqualTo("monthly:2026-11");
        assertThat(last(ReportSchedule.MONTHLY, "2026-11-30T22:59:59Z", PARIS).key()).isEqualTo("monthly:2026-10");
    }

    @Test
    void monthlyShouldCrossTheYearEnd() {
        ReportPeriod period = last(ReportSchedule.MONTHLY, "2027-01-01T00:00:00Z", PARIS);

        assertThat(period.key()).isEqualTo("monthly:2026-12");
        assertThat(period.label()).isEqualTo("December 2026");
        assertThat(period.start()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
    }

    @Test
    void monthlyShouldFollowTheDaylightSavingChanges() {
        ReportPeriod march = last(ReportSchedule.MONTHLY, "2026-04-10T00:00:00Z", PARIS);

        assertThat(march.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(Duration.between(march.start(), march.end())).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    @Test
    void keyShouldNotDependOnTheZone() {
        assertThat(new ReportPeriod(ReportSchedule.DAILY, LocalDate.of(2026, 12, 5), AUCKLAND).key())
            .isEqualTo(new ReportPeriod(ReportSchedule.DAILY, LocalDate.of(2026, 12, 5), PARIS).key());
    }

    @Test
    void periodShouldRefuseDaysThatDoNotStartOne() {
        assertThatThrownBy(() -> new ReportPeriod(ReportSchedule.OFF, LocalDate.of(2026, 12, 5), PARIS))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportPeriod(ReportSchedule.WEEKLY, LocalDate.of(2026, 12, 5), PARIS))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportPeriod(ReportSchedule.MONTHLY, LocalDate.of(2026, 12, 5), PARIS))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
