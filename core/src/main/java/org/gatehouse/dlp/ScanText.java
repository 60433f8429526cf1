package org.gatehouse.dlp;

/**
 * One part of a message prepared once for every detector: look-alike characters folded to ASCII so that a number
 * cannot hide behind full-width digits, no-break spaces, Unicode dashes or zero-width characters; its words are cut
 * on first use and shared.
 */
final class ScanText {
    private final String text;
    private Words words;

    private ScanText(String text) {
        this.text = text;
    }

    static ScanText of(CharSequence raw) {
        StringBuilder folded = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x80) {
                folded.append(c);
            } else if (isInvisible(c)) {
                continue;
            } else if (c == '\u00a0' || c == '\u2007' || c == '\u202f' || (c >= '\u2000' && c <= '\u200a') || c == '\u3000') {
                folded.append(' ');
            } else if ((c >= '\u2010' && c <= '\u2015') || c == '\u2212' || c == '\ufe63' || c == '\uff0d') { // Unicode hyphens and dashes, minus sign, small and fullwidth hyphen-minus
                folded.append('-');
            } else if (c >= '\uff01' && c <= '\uff5e') { // fullwidth ASCII forms
                folded.append((char) (c - 0xfee0));
            } else {
                folded.append(c);
            }
        }
        return new ScanText(folded.toString());
    }

    private static boolean isInvisible(char c) {
        return (c >= '\u200b' && c <= '\u200d') || c == '\u2060' || c == '\ufeff' || c == '\u00ad';
    }

    /** The first {@code length} characters, already folded. */
    ScanText prefix(int length) {
        return length >= text.length() ? this : new ScanText(text.substring(0, length));
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    char charAt(int index) {
        return text.charAt(index);
    }

    Words words() {
        if (words == null) {
            words = Words.of(text);
        }
        return words;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAlnum(char c) {
        return Character.isLetterOrDigit(c);
    }

    /**
     * Whether a number starting at {@code start} stands on its own on the left: not glued to a word, an identifier
     * ({@code ORD-}, {@code v1.}), a decimal fraction ({@code 0.}), an international phone prefix or a path.
     */
    boolean standsAloneBefore(int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        if (isAlnum(before) || "_+/\\@".indexOf(before) >= 0) {
            return false;
        }
        return !((before == '-' || before == '.') && start >= 2 && isAlnum(text.charAt(start - 2)));
    }

    /** Whether a value ending before {@code end} stands on its own on the right: not continued by a word, a decimal or an identifier. */
    boolean standsAloneAfter(int end) {
        if (end >= text.length()) {
            return true;
        }
        char after = text.charAt(end);
        if (isAlnum(after) || after == '_') {
            return false;
        }
        return !((after == '-' || after == '.' || after == '/') && end + 1 < text.length() && isAlnum(text.charAt(end + 1)));
    }
}
