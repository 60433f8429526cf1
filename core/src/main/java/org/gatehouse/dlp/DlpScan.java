package org.gatehouse.dlp;

import java.util.List;
import java.util.Map;

/**
 * What one scan of a message found, masked: the matches (at most {@link DlpScanner#MAX_MATCHES_PER_DETECTOR} kept
 * per detector), the exact count per detector over the whole message, and how much text was read.
 *
 * @param counts per detector id, the distinct values (weighted, for keyword lists) found anywhere in the message;
 *               detectors under their floor are absent
 * @param distinct per detector id, the distinct values, unweighted
 * @param scannedChars characters read
 * @param skippedChars characters left unread by the {@link DlpLimits}
 * @param patternSkippedChars of the characters read, those the tenant's patterns left unread (their work limit)
 */
public record DlpScan(List<DlpMatch> matches, Map<String, Integer> counts, Map<String, Integer> distinct,
                      long scannedChars, long skippedChars, long patternSkippedChars) {
    public DlpScan {
        matches = List.copyOf(matches);
        counts = Map.copyOf(counts);
        distinct = Map.copyOf(distinct);
    }

    public static DlpScan empty() {
        return new DlpScan(List.of(), Map.of(), Map.of(), 0, 0, 0);
    }

    /** The count for a detector: distinct values across subject, body and attachments; 0 when none or under its floor. */
    public int count(String detectorId) {
        return counts.getOrDefault(detectorId, 0);
    }

    public List<DlpMatch> matches(String detectorId) {
        return matches.stream().filter(match -> match.detectorId().equals(detectorId)).toList();
    }

    /** Whether the limits left text unread, by every detector or by the tenant's patterns. */
    public boolean truncated() {
        return skippedChars > 0 || patternSkippedChars > 0;
    }
}
