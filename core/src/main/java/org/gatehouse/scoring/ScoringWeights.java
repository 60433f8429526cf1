package org.gatehouse.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.google.common.collect.ImmutableMap;

/**
 * The weight of every scoring rule, as data: the default table shipped in {@code default-weights.properties},
 * optionally overridden rule by rule (per tenant). A rule the engine does not know is refused, so a typo cannot
 * silently leave a weight unused.
 */
public final class ScoringWeights {
    static final String DEFAULT_RESOURCE = "default-weights.properties";
    /** The one line of the table that is not a rule: the weight of SpamAssassin's total. */
    public static final String SPAMASSASSIN_POINTS_PER_UNIT = "spamassassin.pointsPerUnit";

    private final Map<String, Double> weights;

    private ScoringWeights(Map<String, Double> weights) {
        this.weights = ImmutableMap.copyOf(weights);
    }

    /** The shipped defaults; fails when the table does not cover exactly the rules of {@link Signals#all()}. */
    public static ScoringWeights defaults() {
        Properties table = shippedTable();
        Map<String, Double> weights = new HashMap<>();
        table.stringPropertyNames().stream().filter(key -> !key.equals(SPAMASSASSIN_POINTS_PER_UNIT))
            .forEach(ruleId -> weights.put(ruleId, Double.parseDouble(table.getProperty(ruleId).trim())));
        if (!weights.keySet().equals(Signals.ruleIds())) {
            throw new IllegalStateException("The default weights must list exactly the rules " + Signals.ruleIds()
                    + " but list " + weights.keySet());
        }
        return new ScoringWeights(weights);
    }

    /**
     * The weight of SpamAssassin's total (Gatehouse points per SpamAssassin point), fitted with the rules' weights and
     * shipped in the same table: the default of {@code scoring.spamassassin.pointsPerUnit}.
     */
    public static double shippedSpamAssassinPointsPerUnit() {
        String value = shippedTable().getProperty(SPAMASSASSIN_POINTS_PER_UNIT);
        if (value == null) {
            throw new IllegalStateException("The default weights must set " + SPAMASSASSIN_POINTS_PER_UNIT);
        }
        return Double.parseDouble(value.trim());
    }

    private static Properties shippedTable() {
        Properties table = new Properties();
        try (InputStream in = ScoringWeights.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEFAULT_RESOURCE);
            }
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    /** These weights with some replaced; every overridden rule id must be a known rule. */
    public ScoringWeights withOverrides(Map<String, Double> overrides) {
        Map<String, Double> merged = new HashMap<>(weights);
        overrides.forEach((ruleId, weight) -> {
            if (!weights.containsKey(ruleId)) {
                throw new IllegalArgumentException("Unknown scoring rule " + ruleId + "; known rules: " + ruleIds());
            }
            if (weight == null || weight.isNaN() || weight.isInfinite()) {
                throw new IllegalArgumentException("Weight of " + ruleId + " must be a finite number");
            }
            merged.put(ruleId, weight);
        });
        return new ScoringWeights(merged);
    }

    public double weight(String ruleId) {
        Double weight = weights.get(ruleId);
        if (weight == null) {
            throw new IllegalArgumentException("Unknown scoring rule " + ruleId);
        }
        return weight;
    }

    public Set<String> ruleIds() {
        return weights.keySet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoringWeights that && weights.equals(that.weights);
    }

    @Override
    public int hashCode() {
        return weights.hashCode();
    }
}
