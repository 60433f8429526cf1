package org.gatehouse.quarantine.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.base.Preconditions;

/**
 * When a recipient gets a quarantine digest: never ({@code off}), once a day at a local time ({@code daily@08:00}) or
 * every N hours ({@code every:6h}). The digest job asks {@link #isDue} with the time the last digest went out.
 */
public sealed interface DigestSchedule {
    int MAX_HOURS = 168;
    Pattern DAILY = Pattern.compile("daily@([01][0-9]|2[0-3]):([0-5][0-9])");
    Pattern EVERY = Pattern.compile("every:([0-9]{1,3})h");

    static DigestSchedule off() {
        return Off.INSTANCE;
    }

    static DigestSchedule daily(LocalTime at, ZoneId zone) {
        return new Daily(at, zone);
    }

    static DigestSchedule everyHours(int hours) {
        return new Every(hours);
    }

    /**
     * @param zone the zone of a daily time (the tenant's {@code digest.timeZone})
     * @throws InvalidFieldException at {@code field} for anything but {@code off}, {@code daily@HH:MM}, {@code every:Nh}
     */
    static DigestSchedule parse(String field, String value, ZoneId zone) {
        if ("off".equals(value)) {
            return off();
        }
        Matcher daily = DAILY.matcher(value);
        if (daily.matches()) {
            return daily(LocalTime.of(Integer.parseInt(daily.group(1)), Integer.parseInt(daily.group(2))), zone);
        }
        Matcher every = EVERY.matcher(value);
        if (every.matches()) {
            int hours = Integer.parseInt(every.group(1));
            if (hours >= 1 && hours <= MAX_HOURS) {
                return everyHours(hours);
            }
            throw new InvalidFieldException(field, "every:Nh takes 1 to " + MAX_HOURS + " hours; got " + hours);
        }
        throw new InvalidFieldException(field, "must be off, daily@HH:MM (24-hour time) or every:Nh (1 to " + MAX_HOURS
            + " hours); got '" + value + "'");
    }

    /**
     * @param lastSent when the recipient's last digest went out, empty when none ever did
     */
    boolean isDue(Optional<Instant> lastSent, Instant now);

    /** The schedule as the policy writes it ({@code daily@08:00}; the zone is the policy's {@code timeZone}). */
    String asString();

    /** No digest. */
    final class Off implements DigestSchedule {
        private static final Off INSTANCE = new Off();

        private Off() {
        }

        @Override
        public boolean isDue(Optional<Instant> lastSent, Instant now) {
            return false;
        }

        @Override
        public String asString() {
            return "off";
        }

        @Override
        public String toString() {
            return asString();
        }
    }

    /**
     * One digest a day at a local time; a time skipped by a daylight-saving change is taken as the first instant after
     * the gap, a repeated one as its first occurrence.
     */
    record Daily(LocalTime at, ZoneId zone) implements DigestSchedule {
        public Daily {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public boolean isDue(Optional<Instant> lastSent, Instant now) {
            Instant scheduled = latestAtOrBefore(now);
            return lastSent.map(scheduled::isAfter).orElse(true);
        }

        /** The most recent scheduled time at or before {@code now}. */
        public Instant latestAtOrBefore(Instant now) {
            ZonedDateTime local = now.atZone(zone);
            Instant today = ZonedDateTime.of(local.toLocalDate(), at, zone).toInstant();
            return today.isAfter(now) ? ZonedDateTime.of(local.toLocalDate().minusDays(1), at, zone).toInstant() : today;
        }

        @Override
        public String asString() {
            return "daily@" + at;
        }
    }

    /** A digest every N hours after the last one; the first one at once. */
    record Every(int hours) implements DigestSchedule {
        public Every {
            Preconditions.checkArgument(hours >= 1 && hours <= MAX_HOURS, "hours must be between 1 and %s", MAX_HOURS);
        }

        @Override
        public boolean isDue(Optional<Instant> lastSent, Instant now) {
            return lastSent.map(last -> !now.isBefore(last.plus(Duration.ofHours(hours)))).orElse(true);
        }

        @Override
        public String asString() {
            return "every:" + hours + "h";
        }
    }
}
