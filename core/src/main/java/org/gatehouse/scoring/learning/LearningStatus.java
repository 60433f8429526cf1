package org.gatehouse.scoring.learning;

import java.util.Optional;

/**
 * What a model of the token classifier has learnt and whether it answers, for operators.
 *
 * @param totals messages learnt per label
 * @param tokens distinct tokens counted
 * @param active whether this model itself answers now (the classifier enabled and the model trained enough; for the
 *     operator's model, also {@code scoring.bayes.operatorModel})
 * @param scoredBy for a tenant, the model that scores its mail now: its own, the operator's, or none
 */
public record LearningStatus(TrainingTotals totals, long tokens, boolean active, Optional<BayesModel> scoredBy) {
}
