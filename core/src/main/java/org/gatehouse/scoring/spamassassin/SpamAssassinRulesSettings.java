package org.gatehouse.scoring.spamassassin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.gatehouse.scoring.ScoringWeights;

import com.google.common.base.Preconditions;

/**
 * How SpamAssassin's rules run inside Gatehouse's scorer ({@code scoring.spamassassin.*} in conf/gatehouse.properties).
 *
 * @param directories the rule directories: empty for the system places ({@link RuleFiles#system()}), else the default
 *     rules directory and optionally the site directory
 * @param scoreSet SpamAssassin's score set: 0 (no network tests, no Bayes, as {@code spamd --local}), 1 (network),
 *     2 (Bayes), 3 (both)
 * @param pointsPerUnit Gatehouse points per SpamAssassin point, by default the fitted weight of SpamAssassin's total
 *     ({@link ScoringWeights#shippedSpamAssassinPointsPerUnit()})
 * @param min the lowest total contribution, at most 0
 * @param max the highest total contribution, at least 0
 * @param budget the time all rules together may take for one message; rules not run by then count as not hit
 */
public record SpamAssassinRulesSettings(List<Path> directories, int scoreSet, double pointsPerUnit, double min, double max,
                                        Duration budget) {
    public static final int DEFAULT_SCORE_SET = 0;
    /** Fitted with the rules' weights ({@code spamassassin.pointsPerUnit} in the default weight table). */
    public static final double DEFAULT_POINTS_PER_UNIT = ScoringWeights.shippedSpamAssassinPointsPerUnit();
    public static final double DEFAULT_MIN = -30;
    public static final double DEFAULT_MAX = 100;
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);

    public SpamAssassinRulesSettings {
        directories = List.copyOf(directories);
        Preconditions.checkArgument(scoreSet >= 0 && scoreSet <= 3, "scoreSet must be 0 to 3, got %s", scoreSet);
        Preconditions.checkArgument(Double.isFinite(pointsPerUnit) && pointsPerUnit >= 0, "pointsPerUnit must be >= 0, got %s", pointsPerUnit);
        Preconditions.checkArgument(Double.isFinite(min) && min >= -100 && min <= 0, "min must be from -100 to 0, got %s", min);
        Preconditions.checkArgument(Double.isFinite(max) && max >= 0 && max <= 100, "max must be from 0 to 100, got %s", max);
        Objects.requireNonNull(budget);
        Preconditions.checkArgument(!budget.isNegative() && !budget.isZero(), "budget must be positive, got %s", budget);
    }

    /** The system rule places, score set 0, the fitted points per SpamAssassin point, a 2-second budget. */
    public static SpamAssassinRulesSettings defaults() {
        return new SpamAssassinRulesSettings(List.of(), DEFAULT_SCORE_SET, DEFAULT_POINTS_PER_UNIT, DEFAULT_MIN, DEFAULT_MAX, DEFAULT_BUDGET);
    }

    public RuleFiles ruleFiles() {
        return directories.isEmpty() ? RuleFiles.system() : RuleFiles.configured(directories);
    }

    /** SpamAssassin's total as Gatehouse points, clamped to [min, max]. */
    public double points(double spamAssassinScore) {
        return Math.max(min, Math.min(max, spamAssassinScore * pointsPerUnit));
    }
}
