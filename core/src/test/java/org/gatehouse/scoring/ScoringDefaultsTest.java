package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.Properties;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

class ScoringDefaultsTest {
    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static void assertInvalid(Properties properties, String key) {
        assertThatThrownBy(() -> ScoringDefaults.fromProperties(properties))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(key));
    }

    @Test
    void fromPropertiesShouldGiveTheBuiltInValuesWhenEmpty() {
        ScoringDefaults defaults = ScoringDefaults.fromProperties(new Properties());

        assertThat(defaults).isEqualTo(ScoringDefaults.builtIn());
        assertThat(defaults.thresholds().block()).isEqualTo(OptionalInt.of(90));
        assertThat(defaults.thresholds().redirect()).isEmpty();
    }

    @Test
    void fromPropertiesShouldReadThresholdsPrefixAndWeights() {
        ScoringDefaults defaults = ScoringDefaults.fromProperties(properties("threshold.tagHeader", "", "threshold.redirect", "60",
            "subjectPrefix", "[JUNK]", "weight.HTML_ONLY", "7.5"));

        assertThat(defaults.thresholds().tagHeader()).isEmpty();
        assertThat(defaults.thresholds().redirect()).isEqualTo(OptionalInt.of(60));
        assertThat(defaults.thresholds().quarantine()).isEqualTo(OptionalInt.of(70));
        assertThat(defaults.subjectPrefix()).isEqualTo("[JUNK]");
        assertThat(defaults.weights().weight("HTML_ONLY")).isEqualTo(7.5);
        assertThat(defaults.weights().weight("GTUBE")).isEqualTo(100);
    }

    @Test
    void fromPropertiesShouldRefuseUnknownKeysRulesAndBadValuesNamingTheKey() {
        assertInvalid(properties("threshold.reject", "90"), "threshold.reject");
        assertInvalid(properties("threshold.block", "high"), "threshold.block");
        assertInvalid(properties("threshold.block", "101"), "threshold.block");
        assertInvalid(properties("weight.NO_SUCH_RULE", "1"), "weight.NO_SUCH_RULE");
        assertInvalid(properties("weight.GTUBE", "NaN"), "weight.GTUBE");
        assertInvalid(properties("subjectPrefix", " "), "subjectPrefix");
        assertInvalid(properties("thresholds.block", "1"), "thresholds.block");
    }

    @Test
    void fromPropertiesShouldRefuseThresholdsOutOfOrder() {
        assertInvalid(properties("threshold.quarantine", "95"), "threshold.quarantine");
    }
}
