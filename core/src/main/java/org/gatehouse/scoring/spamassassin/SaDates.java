package org.gatehouse.scoring.spamassassin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A lenient RFC 822 date reader, as SpamAssassin's {@code parse_rfc822_date}: day, month, year, time, zone. */
final class SaDates {
    private static final Pattern DATE = Pattern.compile(
        "(?i)(\\d{1,2})\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\\w*\\s+(\\d{2,4})\\s+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?"
            + "(?:\\s*([+-]\\d{4}|[a-z]{1,5}\\b))?");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
        Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
        Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("ut", 0), Map.entry("gmt", 0), Map.entry("utc", 0),
        Map.entry("est", -500), Map.entry("edt", -400), Map.entry("cst", -600), Map.entry("cdt", -500), Map.entry("mst", -700),
        Map.entry("mdt", -600), Map.entry("pst", -800), Map.entry("pdt", -700), Map.entry("bst", 100), Map.entry("cet", 100),
        Map.entry("cest", 200), Map.entry("met", 100), Map.entry("mest", 200), Map.entry("jst", 900), Map.entry("kst", 900),
        Map.entry("ist", 530), Map.entry("eet", 200), Map.entry("eest", 300), Map.entry("wet", 0), Map.entry("west", 100));

    private SaDates() {
    }

    static Optional<Instant> parse(String text) {
        Matcher matcher = DATE.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int day = Integer.parseInt(matcher.group(1));
        int month = MONTHS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        int year = Integer.parseInt(matcher.group(3));
        if (matcher.group(3).length() <= 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (year < 1900) {
            year += 1900;
        }
        int hour = Integer.parseInt(matcher.group(4));
        int minute = Integer.parseInt(matcher.group(5));
        int second = matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6));
        int zone = 0;
        String written = matcher.group(7);
        if (written != null) {
            if (written.startsWith("+") || written.startsWith("-")) {
                zone = Integer.parseInt(written.substring(1)) * (written.startsWith("-") ? -1 : 1);
            } else {
                zone = ZONES.getOrDefault(written.toLowerCase(Locale.ROOT), 0);
            }
        }
        try {
            int offsetSeconds = (Math.abs(zone) / 100 * 3600 + Math.abs(zone) % 100 * 60) * (zone < 0 ? -1 : 1);
            LocalDateTime local = LocalDateTime.of(year, month, day, Math.min(hour, 23), Math.min(minute, 59), Math.min(second, 59));
            return Optional.of(local.toInstant(ZoneOffset.ofTotalSeconds(Math.max(-64800, Math.min(64800, offsetSeconds)))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
