package org.gatehouse.dlp;

import java.util.Locale;

/**
 * Email addresses in bulk: a message counts only from {@link #BULK} distinct addresses on, so that signatures and
 * quoted headers never count, while an exported contact list does.
 */
final class EmailListDetector implements Detector {
    static final String ID = "EMAIL_LIST";
    static final int BULK = 20;
    /** The practical set: RFC 5322 allows more, but {@code /?=&#} in a local part are far more often a URL's query. */
    private static final String LOCAL_PUNCTUATION = "._%+-";
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

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
        return "email addresses";
    }

    @Override
    public int floor() {
        return BULK;
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        String value = text.text();
        int at = value.indexOf('@');
        while (at >= 0) {
            String address = addressAround(value, at);
            if (address != null) {
                hits.add(address, Masks.email(address));
            }
            at = value.indexOf('@', at + 1);
        }
    }

    /**
     * The address whose {@code @} is at {@code at}, lower-cased, or null; reads at most 64 + 253 characters. The local
     * part starts at its first letter or digit ({@code ?u=john@} gives {@code john@}).
     */
    static String addressAround(String text, int at) {
        int start = at;
        while (start > 0 && at - start < MAX_LOCAL && isLocal(text.charAt(start - 1))) {
            start--;
        }
        if (start > 0 && isLocal(text.charAt(start - 1))) {
            return null;
        }
        while (start < at && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        if (start == at || text.charAt(at - 1) == '.') {
            return null;
        }
        int end = at + 1;
        while (end < text.length() && end - at <= MAX_DOMAIN && isDomain(text.charAt(end))) {
            end++;
        }
        while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        String domain = text.substring(at + 1, end);
        int lastDot = domain.lastIndexOf('.');
        if (lastDot <= 0 || domain.contains("..") || domain.startsWith("-") || !isTopLevel(domain.substring(lastDot + 1))) {
            return null;
        }
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isLocal(char c) {
        return (c < 0x80 && Character.isLetterOrDigit(c)) || LOCAL_PUNCTUATION.indexOf(c) >= 0;
    }

    private static boolean isDomain(char c) {
        return (c < 0x80 && Character.isLetterOrDigit(c)) || c == '-' || c == '.';
    }

    private static boolean isTopLevel(String label) {
        return label.length() >= 2 && label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }
}
