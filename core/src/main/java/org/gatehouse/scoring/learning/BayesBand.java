package org.gatehouse.scoring.learning;

/**
 * The rule a token classifier probability becomes, in five fixed bands (docs/learning.md); each band's weight is
 * data ({@link BayesWeights}). The rule ids are stable and never renamed.
 */
public enum BayesBand {
    /** Probability below 0.01. */
    HAM_SURE("BAYES_HAM_SURE", "ham"),
    /** 0.01 to below 0.20. */
    HAM("BAYES_HAM", "ham"),
    /** 0.20 to 0.80: the tokens do not decide. */
    UNSURE("BAYES_UNSURE", "unsure"),
    /** Above 0.80 to 0.99. */
    SPAM("BAYES_SPAM", "spam"),
    /** Above 0.99. */
    SPAM_SURE("BAYES_SPAM_SURE", "spam");

    /** The rule of a classifier failure (store unavailable): result {@code error}, always score 0. */
    public static final String ERROR_RULE_ID = "BAYES_ERROR";

    private final String ruleId;
    private final String result;

    BayesBand(String ruleId, String result) {
        this.ruleId = ruleId;
        this.result = result;
    }

    public static BayesBand of(double spamProbability) {
        if (spamProbability < 0.01) {
            return HAM_SURE;
        }
        if (spamProbability < 0.20) {
            return HAM;
        }
        if (spamProbability <= 0.80) {
            return UNSURE;
        }
        if (spamProbability <= 0.99) {
            return SPAM;
        }
        return SPAM_SURE;
    }

    public String ruleId() {
        return ruleId;
    }

    /** The finding's result word: {@code ham}, {@code unsure} or {@code spam}. */
    public String result() {
        return result;
    }
}
