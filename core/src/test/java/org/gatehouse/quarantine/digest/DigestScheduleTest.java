package org.gatehouse.quarantine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class DigestScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DigestSchedule DAILY_8_PARIS = DigestSchedule.daily(LocalTime.of(8, 0), PARIS);

    @Test
    void parseShouldReadEachForm() {
        assertThat(DigestSchedule.parse("f", "off", PARIS)).isEqualTo(DigestSchedule.off());
        assertThat(DigestSchedule.parse("f", "daily@08:00", PARIS)).isEqualTo(DAILY_8_PARIS);
        assertThat(DigestSchedule.parse("f", "every:6h", PARIS)).isEqualTo(DigestSchedule.everyHours(6));
        assertThat(DigestSchedule.parse("f", "every:168h", PARIS).asString()).isEqualTo("every:168h");
        assertThat(DigestSchedule.parse("f", "daily@23:59", PARIS).asString()).isEqualTo("daily@23:59");
    }

    @Test
    void parseShouldRefuseOtherFormsWithTheField() {
        for (String value : new String[] {"", "OFF", "daily@8:00", "daily@24:00", "daily@08:60", "every:6", "every:0h",
            "every:1000h", "every:-1h", " off"}) {
            assertThatThrownBy(() -> DigestSchedule.parse("quarantine.digest.schedule", value, PARIS))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                    e -> assertThat(e.getField()).isEqualTo("quarantine.digest.schedule"));
        }
    }

    @Test
    void offShouldNeverBeDue() {
        assertThat(DigestSchedule.off().isDue(Optional.empty(), Instant.parse("2024-03-01T08:00:00Z"))).isFalse();
    }

    @Test
    void dailyShouldBeDueOnceTheLocalTimeHasPassedSinceTheLastDigest() {
        // 08:00 in Paris in March (UTC+1) is 07:00 UTC
        Optional<Instant> sentYesterday = Optional.of(Instant.parse("2024-02-29T07:00:05Z"));

        assertThat(DAILY_8_PARIS.isDue(sentYesterday, Instant.parse("2024-03-01T06:59:59Z"))).isFalse();
        assertThat(DAILY_8_PARIS.isDue(sentYesterday, Instant.parse("2024-03-01T07:00:00Z"))).isTrue();
        assertThat(DAILY_8_PARIS.isDue(Optional.of(Instant.parse("2024-03-01T07:00:00Z")), Instant.parse("2024-03-01T07:00:00Z")))
            .isFalse();
        assertThat(DAILY_8_PARIS.isDue(Optional.of(Instant.parse("2024-03-01T07:00:01Z")), Instant.parse("2024-03-01T22:00:00Z")))
            .isFalse();
    }

    @Test
    void dailyShouldFollowDaylightSavingTime() {
        // after the switch to summer time (31 March 2024), 08:00 in Paris is 06:00 UTC
        Optional<Instant> sent = Optional.of(Instant.parse("2024-03-31T06:00:00Z"));

        assertThat(DAILY_8_PARIS.isDue(sent, Instant.parse("2024-04-01T05:59:59Z"))).isFalse();
        assertThat(DAILY_8_PARIS.isDue(sent, Instant.parse("2024-04-01T06:00:00Z"))).isTrue();
    }

    @Test
    void dailyShouldBeDueWhenNoDigestWasEverSent() {
        assertThat(DigestSchedule.daily(LocalTime.of(8, 0), ZoneOffset.UTC).isDue(Optional.empty(), Instant.parse("2024-03-01T01:00:00Z")))
            .isTrue();
    }

    @Test
    void everyShouldBeDueNHoursAfterTheLastDigest() {
        DigestSchedule every6 = DigestSchedule.everyHours(6);
        Optional<Instant> sent = Optional.of(Instant.parse("2024-03-01T10:00:00Z"));

        assertThat(every6.isDue(Optional.empty(), Instant.parse("2024-03-01T10:00:00Z"))).isTrue();
        assertThat(every6.isDue(sent, Instant.parse("2024-03-01T15:59:59Z"))).isFalse();
        assertThat(every6.isDue(sent, Instant.parse("2024-03-01T16:00:00Z"))).isTrue();
    }
}
