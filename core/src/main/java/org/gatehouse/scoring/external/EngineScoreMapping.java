package org.gatehouse.scoring.external;

import com.google.common.base.Preconditions;

/**
 * How an engine's own score becomes a contribution to Gatehouse's 0–100 score, as data:
 * {@code clamp(engineScore * pointsPerUnit, min, max)}, rounded to one decimal.
 *
 * @param pointsPerUnit Gatehouse points per engine point, at least 0
 * @param min the lowest contribution (negative engine scores lower the total down to it), at most 0
 * @param max the highest contribution, at least 0
 */
public record EngineScoreMapping(double pointsPerUnit, double min, double max) {
    /** 5 points per SpamAssassin point (its spam threshold 5.0 gives 25), from -20 to 60. */
    public static final EngineScoreMapping SPAMD_DEFAULT = new EngineScoreMapping(5, -20, 60);
    /** 4 points per rspamd point (its add-header threshold 6 gives 24, its reject threshold 15 gives 60), from -20 to 60. */
    public static final EngineScoreMapping RSPAMD_DEFAULT = new EngineScoreMapping(4, -20, 60);

    public EngineScoreMapping {
        Preconditions.checkArgument(Double.isFinite(pointsPerUnit) && pointsPerUnit >= 0,
            "pointsPerUnit must be a finite number >= 0, got %s", pointsPerUnit);
        Preconditions.checkArgument(Double.isFinite(min) && min >= -100 && min <= 0, "min must be from -100 to 0, got %s", min);
        Preconditions.checkArgument(Double.isFinite(max) && max >= 0 && max <= 100, "max must be from 0 to 100, got %s", max);
    }

    public double contribution(double engineScore) {
        if (!Double.isFinite(engineScore)) {
            return 0;
        }
        double clamped = Math.max(min, Math.min(max, engineScore * pointsPerUnit));
        return Math.round(clamped * 10) / 10.0;
    }
}
