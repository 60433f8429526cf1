package org.gatehouse.scoring.learning;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Robinson/Fisher naive Bayes (Graham's idea as refined by Gary Robinson and SpamBayes): each token's spam
 * probability is smoothed towards {@value #ASSUMED_PROBABILITY} with strength {@value #STRENGTH} (Robinson's f(w)),
 * the at most {@value #MAX_INTERESTING} tokens furthest from 0.5 (at least {@value #MIN_DEVIATION} away) are kept,
 * and Fisher's method combines them: the spam probability is (1 + S - H) / 2, S and H being the chi-square
 * confidences that the tokens are spammy and hammy. Pure arithmetic; the counts come from {@link BayesStore}.
 */
public final class BayesClassifier {
    /** Robinson's s: how many messages' worth of weight the assumed probability has. */
    public static final double STRENGTH = 0.45;
    /** Robinson's x: the probability of a token never seen. */
    public static final double ASSUMED_PROBABILITY = 0.5;
    /** Tokens whose f(w) is closer to 0.5 than this say nothing and are left out. */
    public static final double MIN_DEVIATION = 0.1;
    public static final int MAX_INTERESTING = 150;

    /**
     * @param spamProbability 0 (surely ham) to 1 (surely spam); 0.5 when no token was interesting
     * @param tokensUsed how many tokens were combined
     */
    public record Probability(double spamProbability, int tokensUsed) {
    }

    private final double strength;
    private final double assumedProbability;
    private final double minDeviation;
    private final int maxInteresting;

    public BayesClassifier() {
        this(STRENGTH, ASSUMED_PROBABILITY, MIN_DEVIATION, MAX_INTERESTING);
    }

    BayesClassifier(double strength, double assumedProbability, double minDeviation, int maxInteresting) {
        this.strength = strength;
        this.assumedProbability = assumedProbability;
        this.minDeviation = minDeviation;
        this.maxInteresting = maxInteresting;
    }

    /** Combines the counts of a message's tokens (unknown tokens may be left out: they are not interesting). */
    public Probability classify(Collection<TokenCounts> counts, TrainingTotals totals) {
        List<Double> interesting = counts.stream()
            .map(tokenCounts -> tokenProbability(tokenCounts, totals))
            .filter(probability -> Math.abs(probability - 0.5) >= minDeviation)
            .sorted(Comparator.comparingDouble((Double probability) -> Math.abs(probability - 0.5)).reversed())
            .limit(maxInteresting)
            .toList();
        if (interesting.isEmpty()) {
            return new Probability(0.5, 0);
        }
        double logHam = 0;
        double logSpam = 0;
        for (double probability : interesting) {
            logHam += Math.log(probability);
            logSpam += Math.log1p(-probability);
        }
        int degreesOfFreedom = 2 * interesting.size();
        double spamminess = 1 - chiSquareQ(-2 * logSpam, degreesOfFreedom);
        double hamminess = 1 - chiSquareQ(-2 * logHam, degreesOfFreedom);
        double probability = (1 + spamminess - hamminess) / 2;
        return new Probability(Math.max(0, Math.min(1, probability)), interesting.size());
    }

    /** Robinson's f(w): the token's spam probability from its counts, smoothed towards the assumed probability. */
    double tokenProbability(TokenCounts counts, TrainingTotals totals) {
        int seen = counts.spam() + counts.ham();
        if (seen == 0) {
            return assumedProbability;
        }
        double spamRatio = totals.spamMessages() == 0 ? 0 : Math.min(1, (double) counts.spam() / totals.spamMessages());
        double hamRatio = totals.hamMessages() == 0 ? 0 : Math.min(1, (double) counts.ham() / totals.hamMessages());
        double graham = spamRatio + hamRatio == 0 ? assumedProbability : spamRatio / (spamRatio + hamRatio);
        return (strength * assumedProbability + seen * graham) / (strength + seen);
    }

    /**
     * The probability that a chi-square variable with an even number of degrees of freedom is at least
     * {@code chiSquare}: the sum of the first {@code degreesOfFreedom / 2} Poisson terms of mean chiSquare / 2,
     * each computed in logarithms so that none underflows too early.
     */
    static double chiSquareQ(double chiSquare, int degreesOfFreedom) {
        if (degreesOfFreedom <= 0 || degreesOfFreedom % 2 != 0) {
            throw new IllegalArgumentException("Even, positive degrees of freedom expected: " + degreesOfFreedom);
        }
        double mean = chiSquare / 2;
        if (mean <= 0) {
            return 1;
        }
        double logTerm = -mean;
        double sum = Math.exp(logTerm);
        double logMean = Math.log(mean);
        for (int i = 1; i < degreesOfFreedom / 2; i++) {
            logTerm += logMean - Math.log(i);
            sum += Math.exp(logTerm);
        }
        return Math.min(1, sum);
    }
}
