package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;

import org.gatehouse.scoring.ScoringDefaults;
import org.gatehouse.scoring.ScoringWeights;
import org.junit.jupiter.api.Test;

/** The conf/scoring.properties a new install gets: it must read, and ship exactly the built-in table (scripts/sync-scoring-conf.sh). */
class ShippedScoringConfigurationTest {
    private static Properties shipped() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = ShippedScoringConfigurationTest.class.getClassLoader()
            .getResourceAsStream(GatehouseLauncher.CONFIGURATION_RESOURCE + "/scoring.properties")) {
            assertThat(in).as("gatehouse-conf/scoring.properties on the classpath").isNotNull();
            properties.load(in);
        }
        return properties;
    }

    @Test
    void shippedScoringPropertiesShouldEqualTheBuiltInDefaults() throws Exception {
        assertThat(ScoringDefaults.fromProperties(shipped())).isEqualTo(ScoringDefaults.builtIn());
    }

    @Test
    void shippedScoringPropertiesShouldListEveryRuleOnce() throws Exception {
        assertThat(shipped().stringPropertyNames().stream().filter(key -> key.startsWith("weight."))
            .map(key -> key.substring("weight.".length())))
            .containsExactlyInAnyOrderElementsOf(ScoringWeights.defaults().ruleIds());
    }
}
