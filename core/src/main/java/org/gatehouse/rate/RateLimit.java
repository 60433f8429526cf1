package org.gatehouse.rate;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.validation.InvalidFieldException;

/**
 * At most {@code messages} messages per client IP within any sliding {@code window}.
 *
 * @param messages at least 1
 * @param window from 1 second to 7 days
 */
public record RateLimit(int messages, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})\\s*([smhd])");

    public RateLimit {
        Objects.requireNonNull(window);
        if (messages < 1) {
            throw new IllegalArgumentException("A rate limit allows at least 1 message: " + messages);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("A rate window is 1s to 7d: " + window);
        }
    }

    /**
     * Reads a window such as {@code 30m}, {@code 90s}, {@code 2h} or {@code 1d}.
     *
     * @throws InvalidFieldException at {@code path} when it does not read or is out of range
     */
    public static Duration window(String value, String path) {
        Matcher matcher = WINDOW.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidFieldException(path, "must be a duration such as 30m, 90s, 2h or 1d");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration window = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidFieldException(path, "must be from 1s to 7d");
        }
        return window;
    }

    /** {@code 100 messages per 30m}. */
    public String describe() {
        long seconds = window.toSeconds();
        String formatted = seconds % 86400 == 0 ? seconds / 86400 + "d" : seconds % 3600 == 0 ? seconds / 3600 + "h"
            : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        return messages + " messages per " + formatted;
    }
}
