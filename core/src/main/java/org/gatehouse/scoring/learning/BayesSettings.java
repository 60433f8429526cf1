package org.gatehouse.scoring.learning;

/**
 * The operator's token classifier settings (conf/gatehouse.properties {@code scoring.bayes.*}).
 *
 * @param enabled whether the classifier contributes to the score (learning works either way, so that a tenant can
 *     be trained before it is switched on)
 * @param minSpam spam messages a tenant must have learnt before the classifier answers for it
 * @param minHam ham messages a tenant must have learnt before the classifier answers for it
 */
public record BayesSettings(boolean enabled, int minSpam, int minHam) {
    public static final int DEFAULT_MIN_SPAM = 50;
    public static final int DEFAULT_MIN_HAM = 50;

    public BayesSettings {
        if (minSpam < 1 || minHam < 1) {
            throw new IllegalArgumentException("scoring.bayes.minSpam and scoring.bayes.minHam must be at least 1");
        }
    }

    public static BayesSettings defaults() {
        return new BayesSettings(true, DEFAULT_MIN_SPAM, DEFAULT_MIN_HAM);
    }

    /** Whether a tenant with these totals has learnt enough for the classifier to answer. */
    public boolean trained(TrainingTotals totals) {
        return totals.spamMessages() >= minSpam && totals.hamMessages() >= minHam;
    }
}
