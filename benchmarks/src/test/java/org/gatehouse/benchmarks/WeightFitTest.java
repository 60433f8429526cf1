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
