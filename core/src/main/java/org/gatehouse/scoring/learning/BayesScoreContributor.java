package org.gatehouse.scoring.learning;

import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token classifier as a scoring signal (check {@value #CHECK}): one finding per message, the
 * {@link BayesBand} of its spam probability with that band's weight. Nothing while the classifier is disabled or
 * the tenant has learnt too little; a failure (store unavailable) is a {@link BayesBand#ERROR_RULE_ID} finding with
 * result {@code error} and score 0, never an exception.
 */
public class BayesScoreContributor implements ScoreContributor {
    public static final String CHECK = "bayes";
    private static final Logger LOGGER = LoggerFactory.getLogger(BayesScoreContributor.class);

    private final BayesLearning learning;
    private final BayesWeights weights;

    @Inject
    public BayesScoreContributor(BayesLearning learning) {
        this(learning, BayesWeights.defaults());
    }

    public BayesScoreContributor(BayesLearning learning, BayesWeights weights) {
        this.learning = learning;
        this.weights = weights;
    }

    @Override
    public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
        if (!learning.settings().enabled()) {
            return List.of();
        }
        try {
            return learning.classify(tenant, parsed).map(this::finding).map(List::of).orElse(List.of());
        } catch (RuntimeException e) {
            LOGGER.warn("Token classifier failed for tenant {}; scored without it", tenant.asString(), e);
            return List.of(Finding.of(BayesBand.ERROR_RULE_ID, CHECK, "error",
                "token classifier unavailable, not counted: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Finding finding(BayesLearning.Classification classification) {
        BayesClassifier.Probability probability = classification.probability();
        BayesBand band = BayesBand.of(probability.spamProbability());
        String reason = String.format(Locale.ROOT, "token classifier spam probability %.4f from %d tokens (%slearnt %d spam, %d ham)",
            probability.spamProbability(), probability.tokensUsed(), classification.model().isOperator() ? "operator model, " : "",
            classification.totals().spamMessages(), classification.totals().hamMessages());
        return Finding.of(band.ruleId(), CHECK, band.result(), reason).withScore(weights.weight(band));
    }
}
