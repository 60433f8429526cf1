package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.apache.james.core.healthcheck.Result;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesSettings;
import org.gatehouse.webadmin.SpamAssassinRulesRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

class GatehouseSpamAssassinRulesModuleTest {
    @TempDir
    Path workingDirectory;

    private GatehouseConfiguration configuration(String properties) throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/gatehouse.properties"), properties);
        Configuration server = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        return new GatehouseConfiguration(new PropertiesProvider(new FileSystemImpl(server.directories()), server.configurationPath()));
    }

    private static Injector injector(GatehouseSpamAssassinRulesModule module) {
        return Guice.createInjector(module, binder -> binder.bind(JsonTransformer.class).toInstance(new JsonTransformer()));
    }

    @Test
    void moduleShouldBindNoContributorAndReportHealthyWhenNotEnabled() throws Exception {
        Injector injector = injector(new GatehouseSpamAssassinRulesModule(configuration("scoring.spamassassin.enabled=false\n")));

        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<ScoreContributor>>() { }))).isEmpty();
        assertThat(injector.getInstance(SpamAssassinRulesHealthCheck.class).probe().isHealthy()).isTrue();
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<Routes>>() { }))).hasExactlyElementsOfTypes(SpamAssassinRulesRoutes.class);
    }

    @Test
    void moduleShouldReportDegradedWhenEnabledWithoutRuleDirectory() throws Exception {
        Path missing = workingDirectory.resolve("no-rules");
        Injector injector = injector(new GatehouseSpamAssassinRulesModule(configuration(
            "scoring.spamassassin.enabled=true\nscoring.spamassassin.rules=" + missing + "\n")));

        Result result = injector.getInstance(SpamAssassinRulesHealthCheck.class).probe();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("no SpamAssassin rule directory found"));
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<ScoreContributor>>() { }))).hasSize(1);
    }

    @Test
    void moduleShouldLoadRulesAndReportHealthyWhenRuleDirectoryHasRules() throws Exception {
        Path rules = Files.createDirectories(workingDirectory.resolve("rules"));
        Files.writeString(rules.resolve("10_test.cf"), "header T_TEST Subject =~ /test/\nscore T_TEST 1.0\n");
        Injector injector = injector(new GatehouseSpamAssassinRulesModule(configuration(
            "scoring.spamassassin.enabled=true\nscoring.spamassassin.rules=" + rules + "\n")));

        assertThat(injector.getInstance(SpamAssassinRulesHealthCheck.class).probe().isHealthy()).isTrue();
    }

    @Test
    void settingsShouldReadEveryKeyWhenGiven() throws Exception {
        SpamAssassinRulesSettings settings = GatehouseSpamAssassinRulesModule.settings(configuration("""
            scoring.spamassassin.enabled=true
            scoring.spamassassin.rules=/var/lib/x /etc/y
            scoring.spamassassin.scoreSet=2
            scoring.spamassassin.pointsPerUnit=8
            scoring.spamassassin.min=-10
            scoring.spamassassin.max=60
            scoring.spamassassin.budget=500ms
            """)).orElseThrow();

        assertThat(settings).isEqualTo(new SpamAssassinRulesSettings(java.util.List.of(Path.of("/var/lib/x"), Path.of("/etc/y")), 2, 8, -10, 60,
            Duration.ofMillis(500)));
    }

    @Test
    void settingsShouldNameTheKeyWhenValueIsBad() {
        assertThatThrownBy(() -> GatehouseSpamAssassinRulesModule.settings(configuration(
            "scoring.spamassassin.enabled=true\nscoring.spamassassin.scoreSet=7\n")))
            .hasMessageContaining("scoring.spamassassin.").hasMessageContaining("scoreSet must be 0 to 3");
    }
}
