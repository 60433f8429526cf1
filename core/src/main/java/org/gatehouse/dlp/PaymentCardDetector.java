package org.gatehouse.dlp;

import java.util.List;

/**
 * Payment card numbers: 13–19 digits written whole or in the groups cards print (4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4,
 * 4-4-4-3) with one kind of separator (a space or a dash), a known issuer range with a length that issuer uses, and the
 * Luhn check. Several cards on one line are each found; a number glued to a longer one is not a card.
 */
final class PaymentCardDetector implements Detector {
    static final String ID = "PAYMENT_CARD";
    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;
    /** Group layouts tried at each group of a run, longest first; a single group of 13–19 digits is tried too. */
    static final List<int[]> LAYOUTS = List.of(new int[] {4, 4, 4, 4, 3}, new int[] {4, 4, 4, 4}, new int[] {4, 6, 5},
        new int[] {4, 4, 4, 3}, new int[] {4, 6, 4});

    /** An issuer's prefix range (inclusive, compared on the first {@code digits} digits) and the lengths it issues. */
    record IssuerRange(String brand, int low, int high, int digits, int minLength, int maxLength, int... exactLengths) {
        private static final int[] DIVISORS = {100_000, 10_000, 1000, 100, 10, 1};

        /** @param firstSix the number's first six digits as an integer */
        boolean matches(int firstSix, int length) {
            int prefix = firstSix / DIVISORS[digits - 1];
            if (prefix < low || prefix > high) {
                return false;
            }
            if (exactLengths.length > 0) {
                for (int exact : exactLengths) {
                    if (length == exact) {
                        return true;
                    }
                }
                return false;
            }
            return length >= minLength && length <= maxLength;
        }
    }

    static final List<IssuerRange> ISSUERS = List.of(
        new IssuerRange("Visa", 4, 4, 1, 0, 0, 13, 16, 19),
        new IssuerRange("Mastercard", 51, 55, 2, 16, 16),
        new IssuerRange("Mastercard", 2221, 2720, 4, 16, 16),
        new IssuerRange("American Express", 34, 34, 2, 15, 15),
        new IssuerRange("American Express", 37, 37, 2, 15, 15),
        new IssuerRange("Discover", 6011, 6011, 4, 16, 19),
        new IssuerRange("Discover", 644, 649, 3, 16, 19),
        new IssuerRange("Discover", 65, 65, 2, 16, 19),
        new IssuerRange("Discover", 622126, 622925, 6, 16, 19),
        new IssuerRange("JCB", 3528, 3589, 4, 16, 19),
        new IssuerRange("Diners Club", 300, 305, 3, 14, 19),
        new IssuerRange("Diners Club", 3095, 3095, 4, 14, 19),
        new IssuerRange("Diners Club", 36, 36, 2, 14, 19),
        new IssuerRange("Diners Club", 38, 39, 2, 16, 19),
        new IssuerRange("UnionPay", 62, 62, 2, 16, 19),
        new IssuerRange("Maestro", 5018, 5018, 4, 13, 19),
        new IssuerRange("Maestro", 5020, 5020, 4, 13, 19),
        new IssuerRange("Maestro", 5038, 5038, 4, 13, 19),
        new IssuerRange("Maestro", 5893, 5893, 4, 13, 19),
        new IssuerRange("Maestro", 6304, 6304, 4, 13, 19),
        new IssuerRange("Maestro", 6759, 6759, 4, 13, 19),
        new IssuerRange("Maestro", 6761, 6763, 4, 13, 19));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.PCI;
    }

    @Override
    public String label() {
        return "payment card numbers";
    }

    /** Whether a digit string is a card number: an issuer range and length, and the Luhn check. */
    static boolean isCardNumber(String digits) {
        int length = digits.length();
        if (length < MIN_DIGITS || length > MAX_DIGITS) {
            return false;
        }
        int firstSix = 0;
        for (int i = 0; i < 6; i++) {
            firstSix = firstSix * 10 + (digits.charAt(i) - '0');
        }
        for (IssuerRange issuer : ISSUERS) {
            if (issuer.matches(firstSix, length)) {
                return Luhn.isValid(digits);
            }
        }
        return false;
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        String value = text.text();
        DigitRuns.find(value, " -", run -> {
            int group = 0;
            while (group < run.size) {
                int taken = cardAt(text, run, group, hits);
                group += Math.max(1, taken);
            }
        });
    }

    /** Tries the layouts at {@code group}; reports a card and returns its group count, or 0. */
    private static int cardAt(ScanText text, DigitRuns.Run run, int group, Hits hits) {
        int length = run.length(group);
        if (length >= MIN_DIGITS && length <= MAX_DIGITS && report(text, run, group, group, hits)) {
            return 1;
        }
        for (int[] layout : LAYOUTS) {
            int last = group + layout.length - 1;
            if (last < run.size && fits(run, group, layout) && run.sameSeparator(group, last)
                && report(text, run, group, last, hits)) {
                return layout.length;
            }
        }
        return 0;
    }

    private static boolean fits(DigitRuns.Run run, int group, int[] layout) {
        for (int k = 0; k < layout.length; k++) {
            if (run.length(group + k) != layout[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean report(ScanText text, DigitRuns.Run run, int first, int last, Hits hits) {
        if ((first == 0 && !text.standsAloneBefore(run.start())) || (last == run.size - 1 && !text.standsAloneAfter(run.end()))) {
            return false;
        }
        String digits = run.digits(text.text(), first, last);
        if (!isCardNumber(digits)) {
            return false;
        }
        hits.add(digits, Masks.card(digits));
        return true;
    }
}
