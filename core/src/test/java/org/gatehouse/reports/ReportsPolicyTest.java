package org.gatehouse.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.reports.mail.ReportSchedule;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ReportsPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ReportsPolicy parse(String json) throws Exception {
        return ReportsPolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> new ReportsPolicySection().validate(MAPPER.readTree(json)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    private static String addresses(int count) {
        return IntStream.range(0, count).mapToObj(index -> "\"admin" + index + "@example.com\"")
            .collect(Collectors.joining(", ", "[", "]"));
    }

    @Test
    void ofShouldGiveDefaultsWhenTheDocumentHasNoSection() {
        ReportsPolicy policy = ReportsPolicy.of(PolicyDocument.empty());

        assertThat(policy.schedule()).isEqualTo(ReportSchedule.OFF);
        assertThat(policy.recipients()).isEmpty();
        assertThat(policy.timeZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(policy).isEqualTo(ReportsPolicy.defaults());
    }

    @Test
    void parseShouldKeepDefaultsForFieldsItDoesNotName() throws Exception {
        assertThat(parse("{}")).isEqualTo(ReportsPolicy.defaults());
        assertThat(parse("{\"timeZone\": \"Asia/Tokyo\"}").schedule()).isEqualTo(ReportSchedule.OFF);
    }

    @Test
    void parseShouldReadEveryField() throws Exception {
        ReportsPolicy policy = parse("{\"schedule\": \"weekly\", \"recipients\": [\"admin@example.com\", \"Boss@Example.com\"],"
            + " \"timeZone\": \"Europe/Paris\"}");

        assertThat(policy.schedule()).isEqualTo(ReportSchedule.WEEKLY);
        assertThat(policy.recipients()).containsExactly("admin@example.com", "Boss@Example.com");
        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void parseShouldAcceptRecipientsWithAScheduleOff() throws Exception {
        assertThat(parse("{\"schedule\": \"off\", \"recipients\": [\"admin@example.com\"]}").recipients())
            .containsExactly("admin@example.com");
    }

    @Test
    void parseShouldAcceptTwentyRecipients() throws Exception {
        assertThat(parse("{\"schedule\": \"daily\", \"recipients\": " + addresses(20) + "}").recipients()).hasSize(20);
    }

    @Test
    void validateShouldNameTheFieldOfEachError() {
        assertInvalid("[]", "reports");
        assertInvalid("\"daily\"", "reports");
        assertInvalid("{\"frequency\": \"daily\"}", "reports.frequency");
        assertInvalid("{\"schedule\": \"hourly\"}", "reports.schedule");
        assertInvalid("{\"schedule\": \"Daily\", \"recipients\": [\"a@example.com\"]}", "reports.schedule");
        assertInvalid("{\"schedule\": 1}", "reports.schedule");
        assertInvalid("{\"schedule\": null}", "reports.schedule");
        assertInvalid("{\"recipients\": \"admin@example.com\"}", "reports.recipients");
        assertInvalid("{\"recipients\": " + addresses(21) + "}", "reports.recipients");
        assertInvalid("{\"recipients\": [\"a@example.com\", \"b@example.com\", \"not an address\"]}", "reports.recipients[2]");
        assertInvalid("{\"recipients\": [\"a@example.com\", 5]}", "reports.recipients[1]");
        assertInvalid("{\"recipients\": [null]}", "reports.recipients[0]");
        assertInvalid("{\"recipients\": [\"a@example.com\\r\\nBcc: victim@evil.test\"]}", "reports.recipients[0]");
        assertInvalid("{\"recipients\": [\"Admin <a@example.com>\"]}", "reports.recipients[0]");
        assertInvalid("{\"recipients\": [\"a@localhost\"]}", "reports.recipients[0]");
        assertInvalid("{\"recipients\": [\"a..b@example.com\"]}", "reports.recipients[0]");
        assertInvalid("{\"recipients\": [\"a@example.com\", \"x@example.com\", \"A@EXAMPLE.com\"]}", "reports.recipients[2]");
        assertInvalid("{\"recipients\": [\"" + "a".repeat(65) + "@example.com\"]}", "reports.recipients[0]");
        assertInvalid("{\"timeZone\": \"Mars/Olympus\"}", "reports.timeZone");
        assertInvalid("{\"timeZone\": 1}", "reports.timeZone");
        assertInvalid("{\"schedule\": \"daily\"}", "reports.recipients");
        assertInvalid("{\"schedule\": \"monthly\", \"recipients\": []}", "reports.recipients");
    }

    @Test
    void validateShouldListTheAllowedSchedules() {
        assertThatThrownBy(() -> new ReportsPolicySection().validate(MAPPER.readTree("{\"schedule\": \"hourly\"}")))
            .hasMessage("reports.schedule: must be one of off, daily, weekly, monthly; got 'hourly'");
    }

    @Test
    void validateShouldExplainAMissingRecipient() {
        assertThatThrownBy(() -> new ReportsPolicySection().validate(MAPPER.readTree("{\"schedule\": \"weekly\"}")))
            .hasMessage("reports.recipients: at least one recipient is required when the schedule is weekly");
    }

    @Test
    void constructorShouldRefuseAScheduleWithoutRecipients() {
        assertThatThrownBy(() -> new ReportsPolicy(ReportSchedule.DAILY, List.of(), ZoneOffset.UTC))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportsPolicy(ReportSchedule.OFF, List.of("x\r\n@example.com"), ZoneOffset.UTC))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recipientsInShouldKeepOnlyTheTenantsDomainsIgnoringCase() throws Exception {
        ReportsPolicy policy = parse("{\"schedule\": \"daily\", \"recipients\": [\"admin@acme.example\", \"Boss@ACME.Example\","
            + " \"ext@partner.example\", \"sub@mail.acme.example\", \"evil@acme.example.evil.test\", \"ops@other.example\"]}");

        assertThat(policy.recipientsIn(List.of("Acme.Example", "other.example.")))
            .containsExactly("admin@acme.example", "Boss@ACME.Example", "ops@other.example");
        assertThat(policy.recipientsIn(List.of("mail.acme.example"))).containsExactly("sub@mail.acme.example");
        assertThat(policy.recipientsIn(List.of())).isEmpty();
    }

    @Test
    void schemaShouldAcceptADocumentWithAReportsSection() throws Exception {
        PolicySchema schema = new PolicySchema(Set.of(new ReportsPolicySection()));

        PolicyDocument document = schema.validate(MAPPER.readTree(
            "{\"reports\": {\"schedule\": \"monthly\", \"recipients\": [\"admin@example.com\"]}}"));

        assertThat(ReportsPolicy.of(document).schedule()).isEqualTo(ReportSchedule.MONTHLY);
    }

    @Test
    void schemaShouldRefuseADocumentWithABadReportsSection() {
        PolicySchema schema = new PolicySchema(Set.of(new ReportsPolicySection()));

        assertThatThrownBy(() -> schema.validate(MAPPER.readTree("{\"reports\": {\"recipients\": [\"x\"]}}")))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("reports.recipients[0]"));
    }
}
