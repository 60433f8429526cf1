package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

class ScoringEngineTest {
    private final ScoringEngine engine = ScoringEngine.withDefaults();

    static ParsedMessage resource(String path) throws IOException {
        try (InputStream in = ScoringEngineTest.class.getResourceAsStream(path)) {
            return ParsedMessage.parse(in.readAllBytes());
        }
    }

    @Test
    void scoreShouldBe100WhenTheMessageIsGtube() throws IOException {
        SpamScore score = engine.score(resource("/corpora/spamassassin-tdata/spam/gtube.eml"));

        assertThat(score.score()).isEqualTo(100);
        assertThat(score.fired(Signals.GTUBE)).isTrue();
    }

    @Test
    void scoreShouldBe100WhenGtubeWeightIsOverriddenLower() {
        ScoringEngine lowered = new ScoringEngine(Signals.all(), ScoringWeights.defaults().withOverrides(Map.of("GTUBE", 1.0)));

        assertThat(lowered.score(SignalsTest.clean(Signals.GTUBE_STRING + "\n")).score()).isEqualTo(100);
    }

    @Test
    void scoreShouldStayUnderTheThresholdWhenTheMessageIsAListNewsletter() throws IOException {
        SpamScore score = engine.score(resource("/corpora/spamassassin-tdata/nice/mailman_message.txt"));

        assertThat(score.score()).isLessThan(SpamAssassinCorpusQualityTest.THRESHOLD);
    }

    @Test
    void scoreShouldBeTheSumOfFiredWeightsWithFindingsOfCheckScore() {
        ParsedMessage message = SignalsTest.message("Subject: MAKE MONEY FAST NOW\n\nhello\n");
        ScoringWeights weights = ScoringWeights.defaults();

        SpamScore score = engine.score(message);

        assertThat(score.findings()).extracting(Finding::ruleId).containsExactly(
                Signals.DATE_MISSING, Signals.MESSAGE_ID_MISSING, Signals.RECEIVED_MISSING, Signals.SUBJECT_ALL_CAPS,
                Signals.TO_UNDISCLOSED);
        assertThat(score.findings()).allSatisfy(finding -> {
            assertThat(finding.check()).isEqualTo(ScoringEngine.CHECK);
            assertThat(finding.score()).isEqualTo(weights.weight(finding.ruleId()));
        });
        double sum = score.findings().stream().mapToDouble(Finding::score).sum();
        assertThat(score.score()).isEqualTo((int) Math.round(sum));
    }

    @Test
    void scoreShouldBeClampedWhenOverriddenWeightsLeaveTheRange() {
        ParsedMessage message = SignalsTest.message("Subject: MAKE MONEY FAST NOW\n\nhello\n");
        ScoringWeights defaults = ScoringWeights.defaults();

        assertThat(new ScoringEngine(Signals.all(), defaults.withOverrides(Map.of("DATE_MISSING", -500.0))).score(message).score())
                .isZero();
        assertThat(new ScoringEngine(Signals.all(), defaults.withOverrides(Map.of("DATE_MISSING", 500.0))).score(message).score())
                .isEqualTo(100);
    }

    @Test
    void overridesShouldBeRefusedWhenTheRuleIsUnknownOrTheWeightNotFinite() {
        ScoringWeights defaults = ScoringWeights.defaults();

        assertThatThrownBy(() -> defaults.withOverrides(Map.of("NO_SUCH_RULE", 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NO_SUCH_RULE");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("DATE_MISSING", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATE_MISSING");
    }

    @Test
    void defaultWeightsShouldCoverEveryShippedSignal() {
        assertThat(ScoringWeights.defaults().ruleIds()).containsExactlyInAnyOrderElementsOf(Signals.ruleIds());
        assertThat(Signals.all()).allSatisfy(signal -> assertThat(signal.meaning()).isNotBlank());
    }
}
