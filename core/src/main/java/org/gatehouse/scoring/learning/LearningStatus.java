package org.gatehouse.scoring.learning;

/**
 * What a tenant's token classifier has learnt and whether it answers, for operators.
 *
 * @param totals messages learnt per label
 * @param tokens distinct tokens counted
 * @param active whether the classifier contributes to this tenant's score now (enabled and trained enough)
 */
public record LearningStatus(TrainingTotals totals, long tokens, boolean active) {
}
