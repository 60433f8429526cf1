package org.gatehouse.dlp;

import java.util.Set;

/**
 * UK National Insurance numbers, upper case, whole ({@code QQ123456C}) or spaced ({@code QQ 12 34 56 C}): two prefix
 * letters (first not D F I Q U V, second not D F I O Q U V, and not BG GB NK KN TN NT ZZ), six digits, suffix A–D.
 */
final class UkNinoDetector implements Detector {
    static final String ID = "UK_NINO";
    static final String FIRST_LETTER_NEVER = "DFIQUV";
    static final String SECOND_LETTER_NEVER = "DFIOQUV";
    static final Set<String> PREFIX_NEVER = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.PII;
    }

    @Override
    public String label() {
        return "UK national insurance numbers";
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        int i = 0;
        while (i + 9 <= text.length()) {
            int end = ninoAt(text, i);
            if (end > 0) {
                String compact = text.text().substring(i, end).replace(" ", "");
                hits.add(compact, Masks.nino(compact));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** The end of the number starting at {@code start}, or -1; reads at most 13 characters. */
    private static int ninoAt(ScanText text, int start) {
        char first = text.charAt(start);
        char second = text.charAt(start + 1);
        if (!ScanText.isUpper(first) || !ScanText.isUpper(second) || FIRST_LETTER_NEVER.indexOf(first) >= 0
            || SECOND_LETTER_NEVER.indexOf(second) >= 0 || PREFIX_NEVER.contains("" + first + second)
            || (start > 0 && ScanText.isAlnum(text.charAt(start - 1)))) {
            return -1;
        }
        boolean spaced = text.charAt(start + 2) == ' ';
        int i = start + 2;
        for (int pair = 0; pair < 3; pair++) {
            if (spaced) {
                if (i >= text.length() || text.charAt(i) != ' ') {
                    return -1;
                }
                i++;
            }
            if (i + 2 > text.length() || !ScanText.isDigit(text.charAt(i)) || !ScanText.isDigit(text.charAt(i + 1))) {
                return -1;
            }
            i += 2;
        }
        if (spaced && i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length() || text.charAt(i) < 'A' || text.charAt(i) > 'D') {
            return -1;
        }
        i++;
        return text.standsAloneAfter(i) ? i : -1;
    }
}
