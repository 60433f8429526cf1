package org.gatehouse.dlp;

/**
 * Phone numbers in bulk, from {@link #BULK} distinct numbers on. A phone number is: {@code +} and 8–15 digits; or the
 * North American shape 3-3-4 (area code optionally in parentheses, optionally after a 1); or a national number starting
 * with 0, of 9–15 digits in at least two groups joined by one kind of separator. Groups are joined by single spaces, dashes or dots.
 */
final class PhoneListDetector implements Detector {
    static final String ID = "PHONE_LIST";
    static final int BULK = 20;
    private static final int MAX_GROUPS = 8;

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
        return "phone numbers";
    }

    @Override
    public int floor() {
        return BULK;
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean candidate = (c == '+' || c == '(' || ScanText.isDigit(c)) && (i == 0 || startsAfter(text.charAt(i - 1)));
            int end = candidate ? phoneAt(text, i, hits) : -1;
            if (end > i) {
                i = end;
            } else {
                i++;
                while (i < text.length() && ScanText.isDigit(text.charAt(i)) && ScanText.isDigit(text.charAt(i - 1))) {
                    i++;
                }
            }
        }
    }

    private static boolean startsAfter(char before) {
        return !ScanText.isAlnum(before) && "_+-./@#(".indexOf(before) < 0;
    }

    /** Reads a candidate at {@code start}; reports it when it is a phone number. Returns where reading stopped. */
    private static int phoneAt(ScanText text, int start, Hits hits) {
        int n = text.length();
        int i = start;
        boolean international = text.charAt(i) == '+';
        if (international) {
            i++;
        }
        int[] groups = new int[MAX_GROUPS];
        int count = 0;
        StringBuilder digits = new StringBuilder(16);
        char separator = 0;
        boolean mixed = false;
        while (i < n && count < MAX_GROUPS) {
            boolean parenthesised = text.charAt(i) == '(';
            int groupStart = parenthesised ? i + 1 : i;
            int j = groupStart;
            while (j < n && ScanText.isDigit(text.charAt(j)) && j - groupStart < 16) {
                j++;
            }
            if (j == groupStart || (parenthesised && (j >= n || text.charAt(j) != ')'))) {
                break;
            }
            digits.append(text.text(), groupStart, j);
            groups[count++] = j - groupStart;
            i = parenthesised ? j + 1 : j;
            boolean separated = i + 1 < n && " -.".indexOf(text.charAt(i)) >= 0
                && (ScanText.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(');
            if (separated) {
                mixed |= separator != 0 && separator != text.charAt(i);
                separator = text.charAt(i);
                i++;
            } else if (!(parenthesised && i < n && (ScanText.isDigit(text.charAt(i))))) {
                break;
            }
        }
        if (count == 0) {
            return -1;
        }
        if (isPhone(international, groups, count, digits, mixed) && text.standsAloneAfter(i)) {
            String number = digits.toString();
            hits.add((international ? "+" : "") + number, Masks.phone(number, international));
        }
        return i;
    }

    /** @param mixed whether the groups are joined by more than one kind of separator (dates with times are) */
    static boolean isPhone(boolean international, int[] groups, int count, CharSequence digits, boolean mixed) {
        int length = digits.length();
        if (length < 7 || length > 15) {
            return false;
        }
        if (international) {
            return length >= 8;
        }
        boolean northAmerican = (count == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4)
            || (count == 4 && groups[0] == 1 && digits.charAt(0) == '1' && groups[1] == 3 && groups[2] == 3 && groups[3] == 4);
        boolean national = digits.charAt(0) == '0' && length >= 9 && count >= 2 && !mixed;
        return northAmerican || national;
    }
}
