package org.gatehouse.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import org.gatehouse.validation.InvalidFieldException;

/**
 * The operator's scoring defaults, which every tenant policy starts from: the thresholds, the subject prefix and the
 * weight table. Shipped as {@code conf/scoring.properties}; the built-in values (and the built-in weight of any rule
 * the file does not list, e.g. a rule added by an upgrade) come from the jar.
 */
public record ScoringDefaults(ScoringPolicy.Thresholds thresholds, String subjectPrefix, ScoringWeights weights) {
    static final String THRESHOLD_PREFIX = "threshold.";
    static final String WEIGHT_PREFIX = "weight.";
    static final String SUBJECT_PREFIX_KEY = "subjectPrefix";

    public ScoringDefaults {
        Objects.requireNonNull(thresholds);
        Objects.requireNonNull(subjectPrefix);
        Objects.requireNonNull(weights);
    }

    /** The values built into the jar: thresholds 20/50/off/70/90, prefix {@code [SPAM]}, the built-in weight table. */
    public static ScoringDefaults builtIn() {
        return new ScoringDefaults(ScoringPolicy.Thresholds.BUILT_IN, ScoringPolicy.DEFAULT_SUBJECT_PREFIX, ScoringWeights.defaults());
    }

    /**
     * Reads {@code scoring.properties}: {@code threshold.<name>} (an integer 0–100, empty = off; a threshold the file
     * does not name keeps its built-in value), {@code subjectPrefix}, and {@code weight.<RULE_ID>}.
     *
     * @throws InvalidFieldException naming the key, for an unknown key or rule id, a bad number, or thresholds out of order
     */
    public static ScoringDefaults fromProperties(Properties properties) {
        ScoringDefaults builtIn = builtIn();
        Map<String, Optional<Integer>> thresholds = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        String prefix = builtIn.subjectPrefix();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith(THRESHOLD_PREFIX)) {
                String name = key.substring(THRESHOLD_PREFIX.length());
                if (!ScoringPolicy.Thresholds.NAMES.contains(name)) {
                    throw new InvalidFieldException(key, "unknown threshold; known thresholds are " + ScoringPolicy.Thresholds.NAMES);
                }
                thresholds.put(name, value.isEmpty() ? Optional.empty() : Optional.of(integer(key, value)));
            } else if (key.startsWith(WEIGHT_PREFIX)) {
                String ruleId = key.substring(WEIGHT_PREFIX.length());
                if (!Signals.ruleIds().contains(ruleId)) {
                    throw new InvalidFieldException(key, "unknown rule id; known rules are " + new TreeSet<>(Signals.ruleIds()));
                }
                weights.put(ruleId, weight(key, value));
            } else if (key.equals(SUBJECT_PREFIX_KEY)) {
                prefix = ScoringPolicy.checkedSubjectPrefix(value, key);
            } else {
                throw new InvalidFieldException(key, "unknown key; keys are threshold.<name>, subjectPrefix and weight.<RULE_ID>");
            }
        }
        ScoringPolicy.Thresholds merged = ScoringPolicy.Thresholds.merge(builtIn.thresholds(), thresholds, THRESHOLD_PREFIX);
        return new ScoringDefaults(merged, prefix, builtIn.weights().withOverrides(weights));
    }

    private static int integer(String key, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0 && parsed <= 100) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidFieldException(key, "must be an integer from 0 to 100, or empty (off): '" + value + "'");
    }

    private static double weight(String key, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed) && Math.abs(parsed) <= 100) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidFieldException(key, "must be a number from -100 to 100: '" + value + "'");
    }
}
