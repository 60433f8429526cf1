package org.gatehouse.dlp;

/**
 * How each kind of value is shown once found: enough to recognise it (the last digits a card holder knows), never
 * enough to use it. Every detector masks through here, so the rules live in one place (docs/dlp.md, "Masking").
 */
final class Masks {
    private static final int MAX_STARS = 12;

    private Masks() {
    }

    /** {@code ****-****-****-1111} whatever the card's length, so not even the length is told. */
    static String card(String digits) {
        return "****-****-****-" + last(digits, 4);
    }

    /** The country and the last four characters: {@code DE****************3000}. */
    static String iban(String compact) {
        return compact.substring(0, 2) + "*".repeat(compact.length() - 6) + last(compact, 4);
    }

    /** The serial only: {@code ***-**-6789}. */
    static String ssn(String digits) {
        return "***-**-" + last(digits, 4);
    }

    /** The last pair of digits and the suffix: {@code ** ** ** 56 C}. */
    static String nino(String compact) {
        return "** ** ** " + compact.substring(6, 8) + " " + compact.charAt(8);
    }

    /** The last four digits: {@code ******3993}. */
    static String npi(String digits) {
        return "******" + last(digits, 4);
    }

    /** The first character of the local part and the domain: {@code j***@example.com}. */
    static String email(String address) {
        int at = address.lastIndexOf('@');
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** The last two digits, with the {@code +} of an international number: {@code +**********58}. */
    static String phone(String digits, boolean international) {
        return (international ? "+" : "") + "*".repeat(digits.length() - 2) + last(digits, 2);
    }

    /** Wholly masked, the dot kept: even the chapter letter of a diagnosis code tells too much ({@code ***.*}). */
    static String diagnosisCode(String code) {
        StringBuilder masked = new StringBuilder(code.length());
        code.chars().forEach(c -> masked.append(c == '.' ? '.' : '*'));
        return masked.toString();
    }

    /** A tenant's pattern or keyword, whose shape is unknown: the last two characters of eight or more, at most 12 stars. */
    static String generic(String value) {
        if (value.length() < 8) {
            return "*".repeat(Math.max(1, value.length()));
        }
        return "*".repeat(Math.min(MAX_STARS, value.length() - 2)) + last(value, 2);
    }

    private static String last(String value, int count) {
        return value.substring(value.length() - count);
    }
}
