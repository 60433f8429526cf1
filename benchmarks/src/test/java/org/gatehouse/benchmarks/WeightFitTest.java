package org.gatehouse.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.gatehouse.scoring.learning.BayesBand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFitTest {
    private static MessageEvidence message(String name, Set<String> rules) {
        return new MessageEvidence(name, rules, Map.of(), false, OptionalDouble.empty(), Set.of(), OptionalDouble.empty(), Set.of(), 0);
    }

    @Test
    void fitShouldWeighASpamOnlyRuleMoreKeepFewHitRulesAndSeparateWhenFittingASeparableCorpus() {
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(message("spam" + i, i % 2 == 0 ? Set.of("SPAMMY", "BOTH") : Set.of("SPAMMY")));
            spam.add(true);
            messages.add(message("ham" + i, i < 2 ? Set.of("BOTH", "RARE") : Set.of("BOTH")));
            spam.add(false);
        }
        Map<String, Double> prior = new LinkedHashMap<>(Map.of("SPAMMY", 10.0, "BOTH", 10.0, "RARE", 10.0));

        WeightFit.Weights weights = new WeightFit(WeightFit.Settings.defaults()).fit(messages, spam, prior, false, 0);

        assertThat(weights.rules().get("SPAMMY")).isGreaterThan(weights.rules().get("BOTH"));
        assertThat(weights.frozen()).containsExactly("RARE");
        assertThat(weights.rules().get("RARE")).isEqualTo(10.0);
        int lowestSpam = Integer.MAX_VALUE;
        int highestHam = 0;
        for (int i = 0; i < messages.size(); i++) {
            int score = weights.score(messages.get(i), false);
            if (spam.get(i)) {
                lowestSpam = Math.min(lowestSpam, score);
            } else {
                highestHam = Math.max(highestHam, score);
            }
        }
        assertThat(highestHam).isLessThan((int) (WeightFit.STOP - WeightFit.Settings.defaults().margin()));
        assertThat(lowestSpam).isGreaterThan(highestHam);
    }

    @Test
    void bandWeightsShouldKeepUnsureAtZeroHamBandsAtMostZeroAndSpamBandsUnderTheStopThresholdWhenTheDataPullsFurther() {
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        List<BayesBand> bands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // every band's messages pull its weight past a bound: spam in the ham bands and in UNSURE, only spam in SPAM_SURE
            BayesBand band = BayesBand.values()[i % BayesBand.values().length];
            messages.add(message("spam" + i, Set.of()));
            spam.add(true);
            bands.add(band);
            if (band == BayesBand.SPAM) {
                messages.add(message("ham" + i, Set.of("HAMMY")));
                spam.add(false);
                bands.add(band);
            }
        }
        Map<String, Double> rules = Map.of("HAMMY", 10.0);
        Map<BayesBand, Double> prior = Map.of(BayesBand.HAM_SURE, -15.0, BayesBand.HAM, -5.0, BayesBand.UNSURE, 0.0, BayesBand.SPAM, 20.0,
            BayesBand.SPAM_SURE, 40.0);

        WeightFit.BandWeights weights = new WeightFit(WeightFit.Settings.defaults()).bandWeights(messages, spam, bands,
            (message, points) -> message.score(rules, false, 0, points), prior, false);

        assertThat(weights.weights().get(BayesBand.UNSURE)).isEqualTo(0.0);
        assertThat(weights.weights().get(BayesBand.HAM_SURE)).isEqualTo(0.0);
        assertThat(weights.weights().get(BayesBand.HAM)).isEqualTo(0.0);
        assertThat(weights.weights().get(BayesBand.SPAM)).isBetween(0.0, WeightFit.STOP - WeightFit.Settings.defaults().margin() - 10);
        assertThat(weights.weights().get(BayesBand.SPAM_SURE)).isPositive().isLessThan(WeightFit.STOP);
        assertThat(weights.frozen()).isEmpty();
    }

    @Test
    void bandWeightsShouldKeepUnsureWithinZeroAndItsBoundWhenFittingAtTheThresholdsAndTheDataPullsFurther() {
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        List<BayesBand> bands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // only spam in UNSURE and the spam bands, only ham in the ham bands: UNSURE is pulled up as far as it may go
            BayesBand band = BayesBand.values()[i % BayesBand.values().length];
            boolean hamBand = WeightFit.isHamBand(band);
            messages.add(message((hamBand ? "ham" : "spam") + i, Set.of()));
            spam.add(!hamBand);
            bands.add(band);
        }
        Map<BayesBand, Double> prior = Map.of(BayesBand.HAM_SURE, -15.0, BayesBand.HAM, -5.0, BayesBand.UNSURE, 0.0, BayesBand.SPAM, 20.0,
            BayesBand.SPAM_SURE, 40.0);

        WeightFit.BandWeights weights = new WeightFit(WeightFit.Settings.defaults()).bandWeights(messages, spam, bands,
            (message, points) -> message.score(Map.of(), false, 0, points), prior, true);

        assertThat(weights.weights().get(BayesBand.UNSURE)).isPositive().isLessThanOrEqualTo(WeightFit.UNSURE_MAX);
        assertThat(weights.weights().get(BayesBand.HAM_SURE)).isNotPositive();
        assertThat(weights.weights().get(BayesBand.SPAM_SURE)).isPositive().isLessThan(WeightFit.STOP);
        assertThat(weights.frozen()).isEmpty();
    }

    @Test
    void bandWeightsShouldLiftUnsureSpamToTheStopThresholdAndKeepHamUnderItsMarginWhenFittingAtTheThresholds() {
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        List<BayesBand> bands = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // spam the classifier is unsure of and ham it is sure of, both at 50 points from the rules
            messages.add(message("spam" + i, Set.of("HALFWAY")));
            spam.add(true);
            bands.add(BayesBand.UNSURE);
            messages.add(message("ham" + i, Set.of("HALFWAY")));
            spam.add(false);
            bands.add(BayesBand.HAM_SURE);
        }
        Map<String, Double> rules = Map.of("HALFWAY", 50.0);
        Map<BayesBand, Double> prior = Map.of(BayesBand.HAM_SURE, -15.0, BayesBand.HAM, -5.0, BayesBand.UNSURE, 0.0, BayesBand.SPAM, 20.0,
            BayesBand.SPAM_SURE, 40.0);
        WeightFit fit = new WeightFit(WeightFit.Settings.defaults().withLambda(0));

        WeightFit.BandWeights weights = fit.bandWeights(messages, spam, bands, (message, points) -> message.score(rules, false, 0, points),
            prior, true);

        for (int i = 0; i < messages.size(); i++) {
            int score = messages.get(i).score(rules, false, 0, weights.weights().get(bands.get(i)));
            if (spam.get(i)) {
                assertThat(score).as(messages.get(i).name()).isGreaterThanOrEqualTo((int) WeightFit.STOP);
            } else {
                assertThat(score).as(messages.get(i).name()).isLessThan((int) (WeightFit.STOP - WeightFit.Settings.defaults().margin()));
            }
        }
    }

    @Test
    void bandWeightsShouldKeepThePriorOfABandWithTooFewMessagesWhenFitting() {
        List<MessageEvidence> messages = new ArrayList<>();
        List<Boolean> spam = new ArrayList<>();
        List<BayesBand> bands = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(message("spam" + i, Set.of()));
            spam.add(true);
            bands.add(i < 2 ? BayesBand.HAM : BayesBand.SPAM_SURE);
        }
        Map<BayesBand, Double> prior = Map.of(BayesBand.HAM_SURE, -15.0, BayesBand.HAM, -5.0, BayesBand.UNSURE, 0.0, BayesBand.SPAM, 20.0,
            BayesBand.SPAM_SURE, 40.0);

        WeightFit.BandWeights weights = new WeightFit(WeightFit.Settings.defaults()).bandWeights(messages, spam, bands,
            (message, points) -> message.score(Map.of(), false, 0, points), prior, false);

        assertThat(weights.frozen()).containsExactlyInAnyOrder(BayesBand.HAM_SURE, BayesBand.HAM, BayesBand.SPAM);
        assertThat(weights.weights()).containsEntry(BayesBand.HAM, -5.0).containsEntry(BayesBand.SPAM, 20.0);
    }

    @Test
    void heldOutBandsShouldNeverBandAMessageWithAClassifierThatLearntItWhenNesting() {
        List<Boolean> spam = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            spam.add(i < 20);
        }
        List<Integer> banded = new ArrayList<>();

        // a classifier that knows exactly what it learnt: SPAM_SURE for a message it learnt, UNSURE for any other
        List<BayesBand> bands = FitWeights.heldOutBands(spam, 5, 7, learnt -> {
            Set<Integer> known = new HashSet<>(learnt);
            assertThat(known).hasSize(40);
            return index -> {
                banded.add(index);
                return known.contains(index) ? BayesBand.SPAM_SURE : BayesBand.UNSURE;
            };
        });

        assertThat(bands).hasSize(50).containsOnly(BayesBand.UNSURE);
        assertThat(banded).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void stratifiedFoldsShouldDealEachLabelEvenlyAndCoverEveryMessageOnceWhenSplitting() {
        List<Boolean> spam = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            spam.add(i < 20);
        }

        List<List<Integer>> folds = FitWeights.stratifiedFolds(spam, 5, 1);

        Set<Integer> seen = new HashSet<>();
        folds.forEach(fold -> {
            assertThat(fold.stream().filter(spam::get).count()).isEqualTo(4);
            assertThat(fold).hasSize(10);
            seen.addAll(fold);
        });
        assertThat(seen).hasSize(50);
        assertThat(FitWeights.stratifiedFolds(spam, 5, 1)).isEqualTo(folds);
    }

    @Test
    void rocShouldCatchOnlySpamAboveTheHighestHamWhenNoHamIsAllowed() {
        Roc roc = new Roc(new double[] {90, 80, 70, 60, 50}, new double[] {10, 20, 65, 75});

        assertThat(roc.caughtAtFalsePositiveRate(0)).isEqualTo(0.4);
        assertThat(roc.caughtAtFalsePositiveRate(0.25)).isEqualTo(0.6);
        assertThat(roc.spamRateAt(70)).isEqualTo(0.6);
        assertThat(roc.hamRateAt(70)).isEqualTo(0.25);
    }

    @Test
    void corpusFolderShouldSplitAnMboxAndKeepASingleMessageWholeWhenReading(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("box.mbox"), "From a@example.com Mon Dec  7 01:00:00 2026\nSubject: one\n\n>From the start\n\n"
            + "From b@example.com Mon Dec  7 02:00:00 2026\nSubject: two\n\nbody\n", StandardCharsets.US_ASCII);
        Files.writeString(folder.resolve("single.eml"), "From c@example.com Mon Dec  7 03:00:00 2026\nSubject: three\n\nbody\n",
            StandardCharsets.US_ASCII);

        List<CorpusFolder.Message> messages = CorpusFolder.read(folder);

        assertThat(messages).extracting(CorpusFolder.Message::name).containsExactly("box.mbox#1", "box.mbox#2", "single.eml");
        assertThat(new String(messages.get(0).raw(), StandardCharsets.US_ASCII)).isEqualTo("Subject: one\n\nFrom the start\n\n");
        assertThat(new String(messages.get(2).raw(), StandardCharsets.US_ASCII)).startsWith("From c@example.com");
    }
}
