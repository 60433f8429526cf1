package org.gatehouse.webadmin;

import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.james.webadmin.GatehouseWebAdminServers;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesContributor;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.RestAssured;

class SpamAssassinRulesRoutesTest {
    private static final String RULES = """
        header   T_SUBJ_SALE    Subject =~ /\\bsale\\b/i
        score    T_SUBJ_SALE    1.5
        body     T_PERL_ONLY    /foo\\Kbar/
        body     T_MANY         /\\d+\\s+\\d+/
        score    T_MANY         0.5
        meta     T_OVER_SKIPPED T_PERL_ONLY && T_SUBJ_SALE
        score    T_OVER_SKIPPED 1.0
        header   T_DNSBL        eval:check_rbl('test', 'bl.example.')
        tflags   T_DNSBL        net
        score    T_DNSBL        0 1.0 0 1.0
        """;

    @TempDir
    Path directory;

    private WebAdminServer server;

    private void start(Optional<SpamAssassinRulesContributor> contributor) {
        server = GatehouseWebAdminServers.start(List.of(new WebAdminRequestHygiene(WebAdminRequestHygiene.Settings.defaults("127.0.0.1")),
            new SpamAssassinRulesRoutes(contributor, new JsonTransformer())));
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server).build();
    }

    @AfterEach
    void stop() {
        RestAssured.reset();
        if (server != null) {
            server.destroy();
        }
    }

    private SpamAssassinRulesContributor contributor(Path rules) {
        SpamAssassinRulesSettings defaults = SpamAssassinRulesSettings.defaults();
        return SpamAssassinRulesContributor.load(new SpamAssassinRulesSettings(List.of(rules), 0, defaults.pointsPerUnit(), defaults.min(),
            defaults.max(), defaults.budget()));
    }

    @Test
    void getShouldListSkippedRulesWithTheirReasonWhenRulesAreLoaded() throws IOException {
        Path rules = Files.createDirectories(directory.resolve("rules"));
        Files.writeString(rules.resolve("10_test.cf"), RULES);
        start(Optional.of(contributor(rules)));

        when()
            .get(SpamAssassinRulesRoutes.BASE_PATH)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("enabled", equalTo(true))
            .body("loaded", equalTo(true))
            .body("ruleDirectories", contains(rules.toString()))
            .body("scoreSet", equalTo(0))
            .body("counts.run", equalTo(2))
            .body("counts.skipped", equalTo(2))
            .body("counts.networkOrBayes", equalTo(1))
            .body("counts.withoutLiteral", equalTo(1))
            .body("counts.withAutomaton", equalTo(2))
            .body("counts.automatonStates", equalTo(2))
            .body("skipped.name", contains("T_OVER_SKIPPED", "T_PERL_ONLY"))
            .body("skipped[0].reason", equalTo("depends on skipped rule T_PERL_ONLY"))
            .body("skipped[1].reason", startsWith("\\K has no Java equivalent"));
    }

    @Test
    void getShouldSayNotEnabledWhenTheRulesAreOff() {
        start(Optional.empty());

        when()
            .get(SpamAssassinRulesRoutes.BASE_PATH)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("enabled", equalTo(false))
            .body("loaded", equalTo(false))
            .body("ruleDirectories", empty())
            .body("counts.run", equalTo(0))
            .body("skipped", empty());
    }

    @Test
    void getShouldSayWhyNothingIsLoadedWhenTheRuleDirectoryIsMissing() {
        start(Optional.of(contributor(directory.resolve("missing"))));

        when()
            .get(SpamAssassinRulesRoutes.BASE_PATH)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("enabled", equalTo(true))
            .body("loaded", equalTo(false))
            .body("status", startsWith("no SpamAssassin rule directory found"))
            .body("ruleDirectories", empty())
            .body("counts.skipped", equalTo(0));
    }
}
