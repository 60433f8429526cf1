package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.gatehouse.content.ContentPolicy;
import org.gatehouse.content.ContentPolicySection;
import org.gatehouse.disclaimer.DisclaimerPolicy;
import org.gatehouse.disclaimer.DisclaimerPolicySection;
import org.gatehouse.dlp.DlpPolicy;
import org.gatehouse.dlp.DlpPolicySection;
import org.gatehouse.phishing.PhishingPolicy;
import org.gatehouse.phishing.PhishingPolicySection;
import org.gatehouse.quarantine.QuarantinePolicy;
import org.gatehouse.quarantine.QuarantinePolicySection;
import org.gatehouse.rate.RatePolicy;
import org.gatehouse.rate.RatePolicySection;
import org.gatehouse.scoring.ScoringDefaults;
import org.gatehouse.scoring.ScoringPolicy;
import org.gatehouse.scoring.ScoringPolicySection;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.transport.TlsPolicy;
import org.gatehouse.transport.TlsPolicySection;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Fuzzes tenant policy validation as WebAdmin's PUT of a policy runs it (docs/fuzzing.md): the body (UTF-8) read as JSON
 * the way WebAdmin reads it (one document, no duplicate keys), then {@link PolicySchema#validate} with every section the
 * server registers.
 *
 * <p>Failure means a defect: malformed JSON ({@link JsonProcessingException}) and an invalid policy
 * ({@link InvalidFieldException}, answered 400 with the field's path) are the only bad-input outcomes, so any other
 * exception or an Error fails, as does a hang. Invariants checked on every accepted policy: validating the stored
 * document again gives the same document (a rollback revalidates it), the stored JSON reads back as the same
 * document, and every capability can read its policy from it (what the mail flow does with the next message).
 */
class PolicySchemaFuzzTest {
    /** As WebAdmin reads a request body (GatehouseRoutesSupport). */
    private static final ObjectMapper WEBADMIN_JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private static final ScoringDefaults SCORING_DEFAULTS = ScoringDefaults.builtIn();
    private static final PolicySchema SCHEMA = new PolicySchema(Set.of(new SenderPolicySection(),
        new ScoringPolicySection(SCORING_DEFAULTS), new RatePolicySection(), new TlsPolicySection(), new DisclaimerPolicySection(),
        new DlpPolicySection(), new ContentPolicySection(), new PhishingPolicySection(), new QuarantinePolicySection(),
        new org.gatehouse.reports.ReportsPolicySection()));

    @Timeout(10)
    @FuzzTest(maxDuration = "25s")
    void validateShouldThrowOnlyInvalidFieldWhenThePolicyIsHostile(byte[] body) {
        PolicyDocument document;
        try {
            JsonNode json = WEBADMIN_JSON.readTree(new String(body, StandardCharsets.UTF_8));
            document = SCHEMA.validate(json);
        } catch (JsonProcessingException | InvalidFieldException invalid) {
            return;
        }

        assertThat(SCHEMA.validate(document.asJson())).isEqualTo(document);
        assertThat(PolicyDocument.fromStoredJson(document.asJsonString())).isEqualTo(document);
        SenderPolicy.of(document);
        ScoringPolicy.of(document, SCORING_DEFAULTS);
        RatePolicy.of(document);
        TlsPolicy.of(document);
        DisclaimerPolicy.of(document);
        DlpPolicy.of(document);
        ContentPolicy.of(document);
        PhishingPolicy.of(document);
        QuarantinePolicy.of(document);
    }
}
