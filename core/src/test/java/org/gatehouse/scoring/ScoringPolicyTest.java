package org.gatehouse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ScoringPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ScoringPolicy parse(String json) throws Exception {
        return ScoringPolicy.parse(MAPPER.readTree(json), ScoringDefaults.builtIn());
    }

    private static void assertInvalid(String json, String field) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertThatThrownBy(() -> new ScoringPolicySection(ScoringDefaults.builtIn()).validate(node))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void ofShouldGiveTheDefaultsWhenTheSectionIsAbsent() {
        ScoringPolicy policy = ScoringPolicy.of(PolicyDocument.empty(), ScoringDefaults.builtIn());

        assertThat(policy.thresholds()).isEqualTo(ScoringDefaults.builtIn().thresholds());
        assertThat(policy.subjectPrefix()).isEqualTo("[SPAM]");
        assertThat(policy.redirectTo()).isEmpty();
        assertThat(policy.categoryAction(Category.MARKETING)).isEqualTo(ScoringPolicy.CategoryAction.DELIVER);
        assertThat(policy.weights().weight("GTUBE")).isEqualTo(100);
    }

    @Test
    void defaultThresholdsShouldMapScoresToActions() {
        ScoringPolicy.Thresholds thresholds = ScoringDefaults.builtIn().thresholds();

        assertThat(thresholds.actionFor(19)).isEqualTo(Action.PASS);
        assertThat(thresholds.actionFor(20)).isEqualTo(Action.TAG);
        assertThat(thresholds.actionFor(50)).isEqualTo(Action.TAG_SUBJECT);
        assertThat(thresholds.actionFor(70)).isEqualTo(Action.QUARANTINE);
        assertThat(thresholds.actionFor(90)).isEqualTo(Action.BLOCK);
        assertThat(thresholds.actionFor(100)).isEqualTo(Action.BLOCK);
    }

    @Test
    void parseShouldKeepTheDefaultOfEachThresholdTheSectionDoesNotName() throws Exception {
        ScoringPolicy policy = parse("{\"thresholds\": {\"tagSubject\": 30, \"block\": null}}");

        assertThat(policy.thresholds().tagHeader()).isEqualTo(OptionalInt.of(20));
        assertThat(policy.thresholds().tagSubject()).isEqualTo(OptionalInt.of(30));
        assertThat(policy.thresholds().quarantine()).isEqualTo(OptionalInt.of(70));
        assertThat(policy.thresholds().block()).isEmpty();
        assertThat(policy.thresholds().actionFor(100)).isEqualTo(Action.QUARANTINE);
    }

    @Test
    void parseShouldStartFromTheOperatorDefaults() throws Exception {
        java.util.Properties conf = new java.util.Properties();
        conf.setProperty("threshold.quarantine", "60");
        conf.setProperty("weight.HTML_ONLY", "2");
        ScoringDefaults operator = ScoringDefaults.fromProperties(conf);

        ScoringPolicy policy = ScoringPolicy.parse(MAPPER.readTree("{\"weights\": {\"MANY_LINKS\": 0}}"), operator);

        assertThat(policy.thresholds().quarantine()).isEqualTo(OptionalInt.of(60));
        assertThat(policy.weights().weight("HTML_ONLY")).isEqualTo(2);
        assertThat(policy.weights().weight("MANY_LINKS")).isZero();
        assertThat(ScoringPolicy.of(PolicyDocument.empty(), operator).thresholds().quarantine()).isEqualTo(OptionalInt.of(60));
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        ScoringPolicy policy = parse("{\"thresholds\": {\"tagHeader\": 10, \"tagSubject\": 30, \"redirect\": 40, \"quarantine\": 60},"
            + " \"subjectPrefix\": \"[JUNK]\", \"redirectTo\": \"spam@Acme.Example\","
            + " \"categories\": {\"marketing\": \"tag\", \"bulk\": \"block\"}, \"weights\": {\"HTML_ONLY\": -5.5}}");

        assertThat(policy.thresholds().actionFor(45)).isEqualTo(Action.REDIRECT);
        assertThat(policy.subjectPrefix()).isEqualTo("[JUNK]");
        assertThat(policy.redirectTo()).hasValueSatisfying(redirect -> {
            assertThat(redirect.address()).isEqualTo("spam@acme.example");
            assertThat(redirect.domain().asString()).isEqualTo("acme.example");
        });
        assertThat(policy.categoryAction(Category.MARKETING)).isEqualTo(ScoringPolicy.CategoryAction.TAG);
        assertThat(policy.categoryAction(Category.BULK).action()).isEqualTo(Action.BLOCK);
        assertThat(policy.weights().weight("HTML_ONLY")).isEqualTo(-5.5);
        assertThat(policy.weights().weight("GTUBE")).isEqualTo(100);
    }

    @Test
    void validateShouldRefuseThresholdsOutOfOrder() throws Exception {
        assertInvalid("{\"thresholds\": {\"tagSubject\": 40, \"quarantine\": 30}}", "scoring.thresholds.quarantine");
        assertInvalid("{\"thresholds\": {\"quarantine\": 80, \"block\": 80}}", "scoring.thresholds.block");
        // a changed threshold that meets a default one is the one blamed
        assertInvalid("{\"thresholds\": {\"tagSubject\": 80}}", "scoring.thresholds.tagSubject");
        assertInvalid("{\"thresholds\": {\"block\": 60}}", "scoring.thresholds.block");
    }

    @Test
    void validateShouldRefuseBadThresholdValues() throws Exception {
        assertInvalid("{\"thresholds\": {\"block\": 101}}", "scoring.thresholds.block");
        assertInvalid("{\"thresholds\": {\"block\": \"90\"}}", "scoring.thresholds.block");
        assertInvalid("{\"thresholds\": {\"block\": 9.5}}", "scoring.thresholds.block");
        assertInvalid("{\"thresholds\": {\"reject\": 9}}", "scoring.thresholds.reject");
        assertInvalid("{\"thresholds\": []}", "scoring.thresholds");
    }

    @Test
    void validateShouldRefuseUnknownRuleIdsAndBadWeights() throws Exception {
        assertInvalid("{\"weights\": {\"NO_SUCH_RULE\": 3}}", "scoring.weights.NO_SUCH_RULE");
        assertInvalid("{\"weights\": {\"GTUBE\": \"high\"}}", "scoring.weights.GTUBE");
    }

    @Test
    void validateShouldRefuseUnknownCategoriesAndActions() throws Exception {
        assertInvalid("{\"categories\": {\"newsletters\": \"tag\"}}", "scoring.categories.newsletters");
        assertInvalid("{\"categories\": {\"marketing\": \"redirect\"}}", "scoring.categories.marketing");
    }

    @Test
    void validateShouldRefuseABadRedirectAddressOrAMissingOne() throws Exception {
        assertInvalid("{\"redirectTo\": \"not an address\"}", "scoring.redirectTo");
        assertInvalid("{\"redirectTo\": \"spam@localhost\"}", "scoring.redirectTo");
        assertInvalid("{\"thresholds\": {\"redirect\": 60}}", "scoring.redirectTo");
    }

    @Test
    void validateShouldRefuseUnknownFieldsAndABadPrefix() throws Exception {
        assertInvalid("{\"threshold\": {}}", "scoring.threshold");
        assertInvalid("{\"subjectPrefix\": \"[SPAM]\\r\\nBcc: x@y.z\"}", "scoring.subjectPrefix");
        assertInvalid("[]", "scoring");
    }
}
