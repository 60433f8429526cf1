package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BayesBandTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.0,    HAM_SURE",
        "0.0099, HAM_SURE",
        "0.01,   HAM",
        "0.1999, HAM",
        "0.2,    UNSURE",
        "0.5,    UNSURE",
        "0.8,    UNSURE",
        "0.8001, SPAM",
        "0.99,   SPAM",
        "0.9901, SPAM_SURE",
        "1.0,    SPAM_SURE",
    })
    void ofShouldPickTheBandOfTheProbability(double probability, BayesBand expected) {
        assertThat(BayesBand.of(probability)).isEqualTo(expected);
    }

    @Test
    void defaultWeightsShouldGiveEveryBandItsDocumentedWeight() {
        BayesWeights weights = BayesWeights.defaults();

        assertThat(weights.weight(BayesBand.HAM_SURE)).isEqualTo(-30);
        assertThat(weights.weight(BayesBand.HAM)).isEqualTo(0);
        assertThat(weights.weight(BayesBand.UNSURE)).isEqualTo(26);
        assertThat(weights.weight(BayesBand.SPAM)).isEqualTo(53);
        assertThat(weights.weight(BayesBand.SPAM_SURE)).isEqualTo(53);
    }

    @Test
    void weightsShouldRefuseATableMissingABandOrNamingAnUnknownRule() {
        Properties missing = table();
        missing.remove("BAYES_UNSURE");
        Properties unknown = table();
        unknown.setProperty("BAYES_99", "10");

        assertThatThrownBy(() -> BayesWeights.of(missing)).hasMessageContaining("BAYES_UNSURE");
        assertThatThrownBy(() -> BayesWeights.of(unknown)).hasMessageContaining("BAYES_99");
    }

    @Test
    void weightsShouldRefuseAWeightOutsideTheScoreRange() {
        Properties table = table();
        table.setProperty("BAYES_SPAM", "101");

        assertThatThrownBy(() -> BayesWeights.of(table)).hasMessageContaining("BAYES_SPAM");
    }

    private static Properties table() {
        Properties table = new Properties();
        for (BayesBand band : BayesBand.values()) {
            table.setProperty(band.ruleId(), "1");
        }
        return table;
    }
}
