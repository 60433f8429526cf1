package org.gatehouse.dlp;

/** The Luhn (mod 10) check digit test used by payment cards and, with the 80840 prefix, by US NPIs. */
final class Luhn {
    private Luhn() {
    }

    /** Whether a string of ASCII digits, check digit last, passes the Luhn test. */
    static boolean isValid(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
