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

/**
 * SpamAssassin's {@code parse_rfc822_date}, step by step: day, month and year (three layouts), then an
 * {@code hh:mm[:ss]} time, then a numeric zone or a zone name; missing parts are 0, out-of-range parts forced into range.
 */
final class SaDates {
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
        "(?i) (\\d+) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4}) ");
    private static final Pattern MONTH_DAY_TIME_YEAR = Pattern.compile(
        "(?i) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\\d+) \\d+:\\d+:\\d+ (\\d{4}) ");
    private static final Pattern DAY_MONTH_SHORT_YEAR = Pattern.compile(
        "(?i) (\\d+) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{2,3}) ");
    private static final Pattern TIME = Pattern.compile(" (\\d?\\d):(\\d\\d)(:(\\d\\d))? ");
    private static final Pattern NUMERIC_ZONE = Pattern.compile(" ([-+]\\d{4}) ");
    private static final Pattern NAMED_ZONE = Pattern.compile("\\b([A-Z]{2,4}(?:-DST)?)\\b");
    private static final Pattern ZONE_PARTS = Pattern.compile("([-+])(\\d\\d)(\\d\\d)$");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
        Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
        Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, String> ZONES = Map.ofEntries(Map.entry("UT", "+0000"), Map.entry("UTC", "+0000"),
        Map.entry("NDT", "-0230"), Map.entry("AST", "-0400"), Map.entry("ADT", "-0300"), Map.entry("NST", "-0330"), Map.entry("EST", "-0500"),
        Map.entry("EDT", "-0400"), Map.entry("CST", "-0600"), Map.entry("CDT", "-0500"), Map.entry("MST", "-0700"), Map.entry("MDT", "-0600"),
        Map.entry("PST", "-0800"), Map.entry("PDT", "-0700"), Map.entry("HST", "-1000"), Map.entry("AKST", "-0900"), Map.entry("AKDT", "-0800"),
        Map.entry("HADT", "-0900"), Map.entry("HAST", "-1000"), Map.entry("GMT", "+0000"), Map.entry("BST", "+0100"), Map.entry("IST", "+0100"),
        Map.entry("WET", "+0000"), Map.entry("WEST", "+0100"), Map.entry("CET", "+0100"), Map.entry("CEST", "+0200"), Map.entry("EET", "+0200"),
        Map.entry("EEST", "+0300"), Map.entry("MSK", "+0300"), Map.entry("MSD", "+0400"), Map.entry("MET", "+0100"), Map.entry("MEZ", "+0100"),
        Map.entry("MEST", "+0200"), Map.entry("MESZ", "+0200"), Map.entry("BRST", "-0200"), Map.entry("BRT", "-0300"), Map.entry("AEST", "+1000"),
        Map.entry("AEDT", "+1100"), Map.entry("ACST", "+0930"), Map.entry("ACDT", "+1030"), Map.entry("AWST", "+0800"), Map.entry("NZST", "+1200"),
        Map.entry("NZDT", "+1300"), Map.entry("JST", "+0900"), Map.entry("KST", "+0900"), Map.entry("HKT", "+0800"), Map.entry("SGT", "+0800"),
        Map.entry("PHT", "+0800"), Map.entry("IDT", "+0300"));

    private SaDates() {
    }

    static Optional<Instant> parse(String date) {
        String text = (" " + date + " ").replaceAll(", *", " ").replaceAll("\\s+", " ");
        int day;
        String month;
        int year;
        Matcher matcher = DAY_MONTH_YEAR.matcher(text);
        if (matcher.find()) {
            day = number(matcher.group(1));
            month = matcher.group(2);
            year = number(matcher.group(3));
        } else if ((matcher = MONTH_DAY_TIME_YEAR.matcher(text)).find()) {
            day = number(matcher.group(2));
            month = matcher.group(1);
            year = number(matcher.group(3));
        } else if ((matcher = DAY_MONTH_SHORT_YEAR.matcher(text)).find()) {
            day = number(matcher.group(1));
            month = matcher.group(2);
            year = number(matcher.group(3));
        } else {
            return Optional.empty();
        }
        int yearDigits = matcher.group(3).length();
        text = text.substring(0, matcher.start()) + " " + text.substring(matcher.end());
        if (yearDigits == 2 && year < 50) {
            year += 2000;
        } else if (yearDigits != 4) {
            year += 1900;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        Matcher time = TIME.matcher(text);
        if (time.find()) {
            hour = number(time.group(1));
            minute = number(time.group(2));
            second = time.group(4) == null ? 0 : number(time.group(4));
            text = text.substring(0, time.start()) + " " + text.substring(time.end());
        }
        String zone = "-0000";
        Matcher numeric = NUMERIC_ZONE.matcher(text);
        Matcher named = NAMED_ZONE.matcher(text);
        if (numeric.find()) {
            zone = numeric.group(1);
        } else if (named.find() && ZONES.containsKey(named.group(1))) {
            zone = ZONES.get(named.group(1));
        }
        int monthNumber = MONTHS.get(month.toLowerCase(Locale.ROOT));
        second = Math.min(second, 59);
        minute = Math.min(minute, 59);
        hour = Math.min(hour, 23);
        int maxDay = monthNumber == 4 || monthNumber == 6 || monthNumber == 9 || monthNumber == 11 ? 30
            : monthNumber == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : 31;
        if (day > maxDay) {
            day = 1;
            monthNumber++;
            if (monthNumber > 12) {
                monthNumber = 1;
                year++;
            }
        }
        year = Math.max(1970, Math.min(2037, year));
        long epoch;
        try {
            epoch = LocalDateTime.of(year, monthNumber, Math.max(1, day), hour, minute, second).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        Matcher parts = ZONE_PARTS.matcher(zone);
        if (parts.find()) {
            long offset = (Long.parseLong(parts.group(2)) * 60 + Long.parseLong(parts.group(3))) * 60;
            epoch = parts.group(1).equals("-") ? epoch + offset : Math.max(0, epoch - offset);
        }
        return Optional.of(Instant.ofEpochSecond(epoch));
    }

    private static int number(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
