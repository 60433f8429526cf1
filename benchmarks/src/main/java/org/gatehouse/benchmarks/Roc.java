package org.gatehouse.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Points of the ROC curve of a score over labelled messages: how much spam is caught at a given rate of ham caught
 * with it (the lowest threshold whose ham rate stays within it; ties count as caught), and the rates at fixed
 * thresholds (a message is caught when its score reaches the threshold).
 */
final class Roc {
    /** The ham false-positive rates the tools report. */
    static final List<Double> FALSE_POSITIVE_RATES = List.of(0.0, 0.001, 0.01, 0.02);

    private final double[] spam;
    private final double[] ham;

    Roc(double[] spam, double[] ham) {
        this.spam = spam.clone();
        this.ham = ham.clone();
        Arrays.sort(this.spam);
        Arrays.sort(this.ham);
    }

    int spamCount() {
        return spam.length;
    }

    int hamCount() {
        return ham.length;
    }

    /** The share of spam at or over the lowest threshold that catches at most {@code rate} of the ham. */
    double caughtAtFalsePositiveRate(double rate) {
        long allowed = (long) Math.floor(rate * ham.length + 1e-9);
        // the threshold must lie above the (allowed+1)-th highest ham score
        if (allowed >= ham.length) {
            return 1.0;
        }
        double highestNotAllowed = ham[ham.length - 1 - (int) allowed];
        return share(spam, Math.nextUp(highestNotAllowed));
    }

    double spamRateAt(double threshold) {
        return share(spam, threshold);
    }

    double hamRateAt(double threshold) {
        return share(ham, threshold);
    }

    /** {@code 91.7 % (110/120)}. */
    static String percent(double rate, int of) {
        return String.format(Locale.ROOT, "%.1f %% (%d/%d)", 100 * rate, Math.round(rate * of), of);
    }

    /** One table row: caught at each false-positive rate, then spam and ham at the two thresholds. */
    String row(String label, double flagThreshold, double stopThreshold) {
        StringBuilder row = new StringBuilder("| ").append(label).append(" |");
        for (double rate : FALSE_POSITIVE_RATES) {
            row.append(' ').append(String.format(Locale.ROOT, "%.1f %%", 100 * caughtAtFalsePositiveRate(rate))).append(" |");
        }
        row.append(String.format(Locale.ROOT, " %.1f %% / %.1f %% | %.1f %% / %.1f %% |", 100 * spamRateAt(flagThreshold),
            100 * hamRateAt(flagThreshold), 100 * spamRateAt(stopThreshold), 100 * hamRateAt(stopThreshold)));
        return row.toString();
    }

    static String header(String flag, String stop) {
        return "| scores | caught at 0 % ham | at 0.1 % | at 1 % | at 2 % | " + flag + ": spam / ham flagged | " + stop
            + ": spam / ham stopped |\n|---|---:|---:|---:|---:|---:|---:|";
    }

    private static double share(double[] sorted, double threshold) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = Arrays.binarySearch(sorted, threshold);
        if (index < 0) {
            index = -index - 1;
        } else {
            while (index > 0 && sorted[index - 1] >= threshold) {
                index--;
            }
        }
        return (double) (sorted.length - index) / sorted.length;
    }
}
