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
        return ScoringPolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertThatThrownBy(() -> new ScoringPolicySection().validate(node))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void ofShouldGiveTheDefaultsWhenTheSectionIsAbsent() {
        ScoringPolicy policy = ScoringPolicy.of(PolicyDocument.empty());

        assertThat(policy.thresholds()).isEqualTo(ScoringPolicy.Thresholds.defaults());
        assertThat(policy.subjectPrefix()).isEqualTo("[SPAM]");
        assertThat(policy.redirectTo()).isEmpty();
        assertThat(policy.categoryAction(Category.MARKETING)).isEqualTo(ScoringPolicy.CategoryAction.DELIVER);
        assertThat(policy.weights().weight("GTUBE")).isEqualTo(100);
    }

    @Test
    void defaultThresholdsShouldMapScoresToActions() {
        ScoringPolicy.Thresholds thresholds = ScoringPolicy.Thresholds.defaults();

        assertThat(thresholds.actionFor(19)).isEqualTo(Action.PASS);
        assertThat(thresholds.actionFor(20)).isEqualTo(Action.TAG);
        assertThat(thresholds.actionFor(50)).isEqualTo(Action.TAG_SUBJECT);
        assertThat(thresholds.actionFor(70)).isEqualTo(Action.QUARANTINE);
        assertThat(thresholds.actionFor(90)).isEqualTo(Action.REJECT);
        assertThat(thresholds.actionFor(100)).isEqualTo(Action.REJECT);
    }

    @Test
    void parseShouldTurnOffTheThresholdsAThresholdsObjectDoesNotName() throws Exception {
        ScoringPolicy policy = parse("{\"thresholds\": {\"tagSubject\": 1, \"block\": null}}");

        assertThat(policy.thresholds().tagSubject()).isEqualTo(OptionalInt.of(1));
        assertThat(policy.thresholds().tagHeader()).isEmpty();
        assertThat(policy.thresholds().block()).isEmpty();
        assertThat(policy.thresholds().actionFor(100)).isEqualTo(Action.TAG_SUBJECT);
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        ScoringPolicy policy = parse("{\"thresholds\": {\"tagHeader\": 10, \"redirect\": 40, \"quarantine\": 60},"
            + " \"subjectPrefix\": \"[JUNK]\", \"redirectTo\": \"spam@Acme.Example\","
            + " \"categories\": {\"marketing\": \"tag\", \"bulk\": \"block\"}, \"weights\": {\"HTML_ONLY\": -5.5}}");

        assertThat(policy.thresholds().actionFor(45)).isEqualTo(Action.REDIRECT);
        assertThat(policy.subjectPrefix()).isEqualTo("[JUNK]");
        assertThat(policy.redirectTo()).hasValueSatisfying(redirect -> {
            assertThat(redirect.address()).isEqualTo("spam@acme.example");
            assertThat(redirect.domain().asString()).isEqualTo("acme.example");
        });
        assertThat(policy.categoryAction(Category.MARKETING)).isEqualTo(ScoringPolicy.CategoryAction.TAG);
        assertThat(policy.categoryAction(Category.BULK).action()).isEqualTo(Action.REJECT);
        assertThat(policy.weights().weight("HTML_ONLY")).isEqualTo(-5.5);
        assertThat(policy.weights().weight("GTUBE")).isEqualTo(100);
    }

    @Test
    void validateShouldRefuseThresholdsOutOfOrder() throws Exception {
        assertInvalid("{\"thresholds\": {\"tagHeader\": 50, \"quarantine\": 50}}", "scoring.thresholds.quarantine");
        assertInvalid("{\"thresholds\": {\"tagSubject\": 80, \"block\": 70}}", "scoring.thresholds.block");
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
        assertInvalid("{\"thresholds\": {\"redirect\": 40}}", "scoring.redirectTo");
    }

    @Test
    void validateShouldRefuseUnknownFieldsAndABadPrefix() throws Exception {
        assertInvalid("{\"threshold\": {}}", "scoring.threshold");
        assertInvalid("{\"subjectPrefix\": \"[SPAM]\\r\\nBcc: x@y.z\"}", "scoring.subjectPrefix");
        assertInvalid("[]", "scoring");
    }
}
