package org.gatehouse.dlp;

/**
 * How much work one scan may do, so that a huge or hostile message costs bounded time: at most {@code maxCharsPerText}
 * of each text and {@code maxTotalChars} in all, spent in order (subject, body, attachments); and the tenant's patterns
 * together read at most {@code maxPatternWork} divided by their summed estimated size ({@link PatternSize}) characters,
 * since RE2J's linear time per character grows with the pattern. What is left unread is reported.
 */
public record DlpLimits(int maxCharsPerText, int maxTotalChars, long maxPatternWork) {
    public static final DlpLimits DEFAULTS = new DlpLimits(2_000_000, 8_000_000, 500_000_000L);

    public DlpLimits {
        if (maxCharsPerText < 1 || maxTotalChars < 1 || maxPatternWork < 1) {
            throw new IllegalArgumentException("Scan limits are positive: " + maxCharsPerText + ", " + maxTotalChars + ", "
                + maxPatternWork);
        }
    }

    public DlpLimits(int maxCharsPerText, int maxTotalChars) {
        this(maxCharsPerText, maxTotalChars, DEFAULTS.maxPatternWork());
    }
}
