package org.gatehouse.scoring.learning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The score each {@link BayesBand} adds, as data: the table shipped in {@code bayes-weights.properties} beside this
 * class. The table must list exactly the bands' rule ids, so a typo cannot leave a band without its weight.
 */
public final class BayesWeights {
    static final String DEFAULT_RESOURCE = "bayes-weights.properties";

    private final Map<BayesBand, Double> weights;

    private BayesWeights(Map<BayesBand, Double> weights) {
        this.weights = Map.copyOf(weights);
    }

    public static BayesWeights defaults() {
        Properties table = new Properties();
        try (InputStream in = BayesWeights.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DEFAULT_RESOURCE);
            }
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(table);
    }

    static BayesWeights of(Properties table) {
        Set<String> expected = Arrays.stream(BayesBand.values()).map(BayesBand::ruleId).collect(Collectors.toSet());
        if (!table.stringPropertyNames().equals(expected)) {
            throw new IllegalStateException("The Bayes weights must list exactly the rules " + expected + " but list "
                + table.stringPropertyNames());
        }
        Map<BayesBand, Double> weights = new EnumMap<>(BayesBand.class);
        for (BayesBand band : BayesBand.values()) {
            double weight = Double.parseDouble(table.getProperty(band.ruleId()).trim());
            if (Double.isNaN(weight) || Double.isInfinite(weight) || Math.abs(weight) > 100) {
                throw new IllegalStateException("Weight of " + band.ruleId() + " must be a number from -100 to 100");
            }
            weights.put(band, weight);
        }
        return new BayesWeights(weights);
    }

    public double weight(BayesBand band) {
        return weights.get(band);
    }
}
