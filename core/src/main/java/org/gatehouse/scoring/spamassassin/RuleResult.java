package org.gatehouse.scoring.spamassassin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The SpamAssassin rules that hit one message.
 *
 * @param hits the rules hit (internal {@code __} rules and rules of score 0 left out), by name
 * @param budgetExceeded whether the time budget ran out before every rule ran
 * @param elapsed how long the rules took
 */
public record RuleResult(List<Hit> hits, boolean budgetExceeded, Duration elapsed) {
    /** One rule hit: its SpamAssassin name, score in the chosen set, description and hit count. */
    public record Hit(String name, double score, String description, int count) {
        public Hit {
            Objects.requireNonNull(name);
            Objects.requireNonNull(description);
        }
    }

    public RuleResult {
        hits = List.copyOf(hits);
        Objects.requireNonNull(elapsed);
    }

    /** The SpamAssassin total: the sum of the hit rules' scores. */
    public double total() {
        return hits.stream().mapToDouble(Hit::score).sum();
    }

    public java.util.Set<String> names() {
        return hits.stream().map(Hit::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
