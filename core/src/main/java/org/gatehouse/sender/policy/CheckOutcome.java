package org.gatehouse.sender.policy;

import java.util.Objects;

import org.gatehouse.verdict.Action;

/**
 * What the tenant's policy attaches to one result of one sender check: the action asked for and the score
 * contribution (0–100) of the finding.
 */
public record CheckOutcome(Action action, double score) {
    public CheckOutcome {
        Objects.requireNonNull(action);
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("A score is from 0 to 100: " + score);
        }
    }

    public static CheckOutcome score(double score) {
        return new CheckOutcome(Action.PASS, score);
    }

    public CheckOutcome withAction(Action other) {
        return new CheckOutcome(other, score);
    }

    public CheckOutcome withScore(double other) {
        return new CheckOutcome(action, other);
    }
}
