package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.verdict.Finding;

/**
 * Combines the named signals into a 0–100 spam score: the sum of the weights of the rules that fired, rounded and
 * clamped to 0–100 (negative weights lower it). GTUBE always scores 100 whatever else fired.
 */
public final class ScoringEngine {
    public static final String CHECK = "score";

    private final List<Signal> signals;
    private final ScoringWeights weights;

    public ScoringEngine(List<Signal> signals, ScoringWeights weights) {
        this.signals = List.copyOf(signals);
        this.weights = Objects.requireNonNull(weights);
        signals.forEach(signal -> weights.weight(signal.ruleId()));
    }

    /** The shipped signals with the shipped weights. */
    public static ScoringEngine withDefaults() {
        return new ScoringEngine(Signals.all(), ScoringWeights.defaults());
    }

    public SpamScore score(ParsedMessage message) {
        List<Finding> findings = new ArrayList<>();
        double sum = 0;
        boolean gtube = false;
        for (Signal signal : signals) {
            var reason = signal.evaluate(message);
            if (reason.isPresent()) {
                double weight = weights.weight(signal.ruleId());
                findings.add(Finding.of(signal.ruleId(), CHECK, "hit", reason.get()).withScore(weight));
                sum += weight;
                gtube |= signal.ruleId().equals(Signals.GTUBE);
            }
        }
        int score = gtube ? 100 : (int) Math.max(0, Math.min(100, Math.round(sum)));
        return new SpamScore(score, findings);
    }
}
