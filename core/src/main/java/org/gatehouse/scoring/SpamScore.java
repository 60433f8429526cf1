package org.gatehouse.scoring;

import java.util.List;

import org.gatehouse.verdict.Finding;

/**
 * The scoring engine's answer for one message: the 0–100 score and the findings that made it (check {@code score},
 * each finding's score being its rule's weight).
 *
 * @param score the clamped sum of the findings' weights, or 100 when GTUBE is present
 * @param findings the rules that fired, in the order of {@link Signals#all()}
 */
public record SpamScore(int score, List<Finding> findings) {
    public SpamScore {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("A spam score is 0–100: " + score);
        }
        findings = List.copyOf(findings);
    }

    public boolean fired(String ruleId) {
        return findings.stream().anyMatch(finding -> finding.ruleId().equals(ruleId));
    }
}
