package org.gatehouse.scoring.learning;

/**
 * How many messages a tenant's statistics have learnt, per label: the denominators of every token's probability
 * and what decides whether the classifier may answer yet.
 *
 * @param spamMessages messages learnt as spam
 * @param hamMessages messages learnt as ham
 */
public record TrainingTotals(int spamMessages, int hamMessages) {
    public static final TrainingTotals NONE = new TrainingTotals(0, 0);

    public TrainingTotals {
        if (spamMessages < 0 || hamMessages < 0) {
            throw new IllegalArgumentException("Message totals are never negative: " + spamMessages + "/" + hamMessages);
        }
    }
}
