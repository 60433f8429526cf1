package org.gatehouse.scoring.learning;

/**
 * The operator's token classifier settings (conf/gatehouse.properties {@code scoring.bayes.*}).
 *
 * @param enabled whether the classifier contributes to the score (learning works either way, so that a tenant can
 *     be trained before it is switched on)
 * @param minSpam spam messages a model (a tenant's, or the operator's) must have learnt before it answers
 * @param minHam ham messages a model must have learnt before it answers
 * @param operatorModel whether the operator's model answers for a tenant that has not learnt enough itself (it learns
 *     either way)
 */
public record BayesSettings(boolean enabled, int minSpam, int minHam, boolean operatorModel) {
    public static final int DEFAULT_MIN_SPAM = 50;
    public static final int DEFAULT_MIN_HAM = 50;

    public BayesSettings {
        if (minSpam < 1 || minHam < 1) {
            throw new IllegalArgumentException("scoring.bayes.minSpam and scoring.bayes.minHam must be at least 1");
        }
    }

    /** With the operator's model answering for tenants that learnt too little (the default). */
    public BayesSettings(boolean enabled, int minSpam, int minHam) {
        this(enabled, minSpam, minHam, true);
    }

    public static BayesSettings defaults() {
        return new BayesSettings(true, DEFAULT_MIN_SPAM, DEFAULT_MIN_HAM);
    }

    /** Whether a model with these totals has learnt enough for the classifier to answer with it. */
    public boolean trained(TrainingTotals totals) {
        return totals.spamMessages() >= minSpam && totals.hamMessages() >= minHam;
    }
}
