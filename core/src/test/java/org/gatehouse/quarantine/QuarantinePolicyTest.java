package org.gatehouse.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.quarantine.digest.DigestSchedule;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class QuarantinePolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static QuarantinePolicy parse(String json) throws Exception {
        return QuarantinePolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> new QuarantinePolicySection().validate(MAPPER.readTree(json)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void ofShouldGiveDefaultsWhenTheDocumentHasNoSection() {
        QuarantinePolicy policy = QuarantinePolicy.of(PolicyDocument.empty());

        assertThat(policy.retentionOf(QuarantineFamily.SPAM)).isEqualTo(Duration.ofDays(14));
        assertThat(policy.retentionOf(QuarantineFamily.VIRUS)).isEqualTo(Duration.ofDays(30));
        assertThat(policy.retentionOf(QuarantineFamily.PHISHING)).isEqualTo(Duration.ofDays(30));
        assertThat(policy.scheduleFor("anyone@example.com")).isEqualTo(DigestSchedule.daily(LocalTime.of(8, 0), ZoneOffset.UTC));
        assertThat(policy.selfService()).isTrue();
        assertThat(policy.linkValidity()).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        QuarantinePolicy policy = parse("{\"retentionDays\": {\"spam\": 7, \"dlp\": 90},"
            + " \"digest\": {\"schedule\": \"daily@07:30\", \"timeZone\": \"Europe/Paris\","
            + " \"recipients\": {\"alice@example.com\": \"off\", \"Bob@Example.com\": \"every:2h\", \"carol@example.com\": \"daily@18:00\"}},"
            + " \"selfService\": false, \"linkValidityHours\": 24}");

        assertThat(policy.retentionOf(QuarantineFamily.SPAM)).isEqualTo(Duration.ofDays(7));
        assertThat(policy.retentionOf(QuarantineFamily.DLP)).isEqualTo(Duration.ofDays(90));
        assertThat(policy.retentionOf(QuarantineFamily.POLICY)).isEqualTo(Duration.ofDays(30));
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(policy.scheduleFor("dave@example.com")).isEqualTo(DigestSchedule.daily(LocalTime.of(7, 30), paris));
        assertThat(policy.scheduleFor("alice@example.com")).isEqualTo(DigestSchedule.off());
        assertThat(policy.scheduleFor("bob@example.com")).isEqualTo(DigestSchedule.everyHours(2));
        assertThat(policy.scheduleFor("CAROL@EXAMPLE.COM")).isEqualTo(DigestSchedule.daily(LocalTime.of(18, 0), paris));
        assertThat(policy.selfService()).isFalse();
        assertThat(policy.linkValidity()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void parseShouldKeepTheDefaultScheduleInTheGivenZoneWhenOnlyTheZoneIsSet() throws Exception {
        QuarantinePolicy policy = parse("{\"digest\": {\"timeZone\": \"Asia/Tokyo\"}}");

        assertThat(policy.scheduleFor("a@example.com")).isEqualTo(DigestSchedule.daily(LocalTime.of(8, 0), ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void validateShouldNameTheFieldOfEachError() {
        assertInvalid("[]", "quarantine");
        assertInvalid("{\"retention\": {}}", "quarantine.retention");
        assertInvalid("{\"retentionDays\": {\"ham\": 3}}", "quarantine.retentionDays.ham");
        assertInvalid("{\"retentionDays\": {\"spam\": 0}}", "quarantine.retentionDays.spam");
        assertInvalid("{\"retentionDays\": {\"virus\": 3651}}", "quarantine.retentionDays.virus");
        assertInvalid("{\"retentionDays\": {\"dlp\": 1.5}}", "quarantine.retentionDays.dlp");
        assertInvalid("{\"retentionDays\": {\"spam\": \"14\"}}", "quarantine.retentionDays.spam");
        assertInvalid("{\"digest\": {\"when\": \"off\"}}", "quarantine.digest.when");
        assertInvalid("{\"digest\": {\"schedule\": \"daily@25:00\"}}", "quarantine.digest.schedule");
        assertInvalid("{\"digest\": {\"schedule\": \"every:0h\"}}", "quarantine.digest.schedule");
        assertInvalid("{\"digest\": {\"schedule\": \"every:169h\"}}", "quarantine.digest.schedule");
        assertInvalid("{\"digest\": {\"schedule\": \"weekly\"}}", "quarantine.digest.schedule");
        assertInvalid("{\"digest\": {\"schedule\": 8}}", "quarantine.digest.schedule");
        assertInvalid("{\"digest\": {\"timeZone\": \"Mars/Olympus\"}}", "quarantine.digest.timeZone");
        assertInvalid("{\"digest\": {\"recipients\": {\"alice@example.com\": \"sometimes\"}}}",
            "quarantine.digest.recipients.alice@example.com");
        assertInvalid("{\"digest\": {\"recipients\": {\"not an address\": \"off\"}}}",
            "quarantine.digest.recipients.not an address");
        assertInvalid("{\"digest\": {\"recipients\": {\"a@example.com\": \"off\", \"A@example.com\": \"off\"}}}",
            "quarantine.digest.recipients.A@example.com");
        assertInvalid("{\"digest\": {\"recipients\": []}}", "quarantine.digest.recipients");
        assertInvalid("{\"selfService\": \"yes\"}", "quarantine.selfService");
        assertInvalid("{\"linkValidityHours\": 0}", "quarantine.linkValidityHours");
        assertInvalid("{\"linkValidityHours\": 721}", "quarantine.linkValidityHours");
    }

    @Test
    void validateShouldExplainABadRecipientSchedule() {
        assertThatThrownBy(() -> new QuarantinePolicySection().validate(
            MAPPER.readTree("{\"digest\": {\"recipients\": {\"alice@example.com\": \"every:200h\"}}}")))
            .hasMessage("quarantine.digest.recipients.alice@example.com: every:Nh takes 1 to 168 hours; got 200");
    }

    @Test
    void schemaShouldAcceptADocumentWithAQuarantineSection() throws Exception {
        PolicySchema schema = new PolicySchema(Set.of(new QuarantinePolicySection()));

        PolicyDocument document = schema.validate(MAPPER.readTree("{\"quarantine\": {\"linkValidityHours\": 12}}"));

        assertThat(QuarantinePolicy.of(document).linkValidityHours()).isEqualTo(12);
    }
}
