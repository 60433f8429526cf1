package org.gatehouse.verdict;

import java.util.List;
import java.util.stream.Stream;

import com.google.common.collect.ImmutableList;

/** Everything the checks said about a message; the one place their findings are combined. */
public record Verdict(ImmutableList<Finding> findings) {
    public static final double MAX_SCORE = 100;

    public static Verdict empty() {
        return new Verdict(ImmutableList.of());
    }

    public static Verdict of(List<Finding> findings) {
        return new Verdict(ImmutableList.copyOf(findings));
    }

    public Verdict with(List<Finding> more) {
        return new Verdict(Stream.concat(findings.stream(), more.stream()).collect(ImmutableList.toImmutableList()));
    }

    /** The most severe action any finding asks for; PASS when none does. */
    public Action action() {
        return findings.stream().flatMap(finding -> finding.action().stream()).reduce(Action.PASS, Action::mostSevere);
    }

    /** The sum of the contributions, within 0–100. */
    public double score() {
        double sum = findings.stream().mapToDouble(Finding::score).sum();
        return Math.max(0, Math.min(MAX_SCORE, sum));
    }

    /** The rule ids that fired, in the order the checks ran. */
    public List<String> ruleIds() {
        return findings.stream().map(Finding::ruleId).toList();
    }

    /** One line per finding, for the message log and the quarantine view. */
    public List<String> explanation() {
        return findings.stream().map(Finding::explain).toList();
    }
}
