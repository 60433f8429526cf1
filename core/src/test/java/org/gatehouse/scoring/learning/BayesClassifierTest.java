package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class BayesClassifierTest {
    private static final TrainingTotals TEN_EACH = new TrainingTotals(10, 10);

    private final BayesClassifier classifier = new BayesClassifier();

    @Test
    void tokenProbabilityShouldFollowRobinsonsFormula() {
        // p = (3/10) / (3/10 + 1/10) = 0.75; f = (s x + n p) / (s + n) with s = 0.45, x = 0.5, n = 4
        assertThat(classifier.tokenProbability(new TokenCounts(3, 1), TEN_EACH))
            .isCloseTo((0.45 * 0.5 + 4 * 0.75) / (0.45 + 4), within(1e-12));
    }

    @Test
    void tokenProbabilityShouldWeighCountsByTheMessagesLearntPerLabel() {
        // seen in 5 of 50 spam and 5 of 10 ham: hammy although the counts are equal
        assertThat(classifier.tokenProbability(new TokenCounts(5, 5), new TrainingTotals(50, 10))).isLessThan(0.2);
    }

    @Test
    void tokenProbabilityShouldBeTheAssumedProbabilityWhenTheTokenWasNeverSeen() {
        assertThat(classifier.tokenProbability(new TokenCounts(0, 0), TEN_EACH)).isEqualTo(BayesClassifier.ASSUMED_PROBABILITY);
    }

    @Test
    void tokenProbabilityShouldStayAwayFromZeroAndOne() {
        assertThat(classifier.tokenProbability(new TokenCounts(10, 0), TEN_EACH)).isLessThan(1).isGreaterThan(0.95);
        assertThat(classifier.tokenProbability(new TokenCounts(0, 10), TEN_EACH)).isGreaterThan(0).isLessThan(0.05);
    }

    @Test
    void chiSquareQShouldMatchTheClosedFormsForTwoAndFourDegreesOfFreedom() {
        assertThat(BayesClassifier.chiSquareQ(3.0, 2)).isCloseTo(Math.exp(-1.5), within(1e-12));
        assertThat(BayesClassifier.chiSquareQ(4.0, 4)).isCloseTo(Math.exp(-2) * (1 + 2), within(1e-12));
        assertThat(BayesClassifier.chiSquareQ(0, 10)).isEqualTo(1);
        assertThat(BayesClassifier.chiSquareQ(5000, 300)).isCloseTo(0, within(1e-12));
    }

    @Test
    void chiSquareQShouldRefuseOddDegreesOfFreedom() {
        assertThatThrownBy(() -> BayesClassifier.chiSquareQ(1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifyShouldAnswerOneTokensOwnProbability() {
        TokenCounts counts = new TokenCounts(3, 1);

        BayesClassifier.Probability probability = classifier.classify(List.of(counts), TEN_EACH);

        assertThat(probability.spamProbability()).isCloseTo(classifier.tokenProbability(counts, TEN_EACH), within(1e-12));
        assertThat(probability.tokensUsed()).isEqualTo(1);
    }

    @Test
    void classifyShouldBeNearOneWhenEveryTokenIsSpammy() {
        BayesClassifier.Probability probability = classifier.classify(Collections.nCopies(20, new TokenCounts(8, 0)), TEN_EACH);

        assertThat(probability.spamProbability()).isGreaterThan(0.99);
        assertThat(BayesBand.of(probability.spamProbability())).isEqualTo(BayesBand.SPAM_SURE);
    }

    @Test
    void classifyShouldBeNearZeroWhenEveryTokenIsHammy() {
        BayesClassifier.Probability probability = classifier.classify(Collections.nCopies(20, new TokenCounts(0, 8)), TEN_EACH);

        assertThat(probability.spamProbability()).isLessThan(0.01);
    }

    @Test
    void classifyShouldBeOneHalfWhenTheEvidenceIsBalanced() {
        List<TokenCounts> counts = List.of(new TokenCounts(8, 1), new TokenCounts(1, 8), new TokenCounts(6, 0), new TokenCounts(0, 6));

        assertThat(classifier.classify(counts, TEN_EACH).spamProbability()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void classifyShouldLeaveOutTokensCloseToOneHalf() {
        List<TokenCounts> counts = List.of(new TokenCounts(5, 5), new TokenCounts(4, 5), new TokenCounts(9, 0));

        BayesClassifier.Probability probability = classifier.classify(counts, TEN_EACH);

        assertThat(probability.tokensUsed()).isEqualTo(1);
        assertThat(probability.spamProbability()).isCloseTo(classifier.tokenProbability(new TokenCounts(9, 0), TEN_EACH), within(1e-12));
    }

    @Test
    void classifyShouldCombineOnlyTheMostInterestingTokens() {
        List<TokenCounts> counts = new ArrayList<>(Collections.nCopies(BayesClassifier.MAX_INTERESTING, new TokenCounts(0, 10)));
        counts.addAll(Collections.nCopies(100, new TokenCounts(3, 1)));

        BayesClassifier.Probability probability = classifier.classify(counts, TEN_EACH);

        assertThat(probability.tokensUsed()).isEqualTo(BayesClassifier.MAX_INTERESTING);
        assertThat(probability.spamProbability()).isLessThan(0.01);
    }

    @Test
    void classifyShouldBeOneHalfWhenNoTokenIsInteresting() {
        assertThat(classifier.classify(List.of(), TEN_EACH)).isEqualTo(new BayesClassifier.Probability(0.5, 0));
        assertThat(classifier.classify(List.of(new TokenCounts(1, 1)), TEN_EACH)).isEqualTo(new BayesClassifier.Probability(0.5, 0));
    }
}
