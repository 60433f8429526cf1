package org.gatehouse.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class RatePolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static RatePolicy parse(String json) throws Exception {
        return RatePolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> new RatePolicySection().validate(MAPPER.readTree(json)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void parseShouldReadLimitsAndExemptions() throws Exception {
        RatePolicy policy = parse("{\"inbound\": {\"messages\": 100, \"window\": \"90s\"}, \"outbound\": {\"messages\": 5},"
            + " \"exempt\": [{\"type\": \"ip\", \"value\": \"192.0.2.0/24\"}]}");

        assertThat(policy.inbound()).contains(new RateLimit(100, Duration.ofSeconds(90)));
        assertThat(policy.outbound()).contains(new RateLimit(5, Duration.ofMinutes(30)));
        assertThat(policy.exempt().size()).isEqualTo(1);
    }

    @Test
    void parseShouldLeaveAnAbsentLimitOff() throws Exception {
        assertThat(parse("{}").inbound()).isEqualTo(Optional.empty());
        assertThat(parse("{\"outbound\": null}").outbound()).isEmpty();
    }

    @Test
    void validateShouldRefuseBadLimitsWithTheirPath() {
        assertInvalid("{\"inbound\": {\"messages\": 0}}", "rate.inbound.messages");
        assertInvalid("{\"inbound\": {\"messages\": \"10\"}}", "rate.inbound.messages");
        assertInvalid("{\"inbound\": {\"window\": \"30m\"}}", "rate.inbound.messages");
        assertInvalid("{\"outbound\": {\"messages\": 10, \"window\": \"30 minutes\"}}", "rate.outbound.window");
        assertInvalid("{\"outbound\": {\"messages\": 10, \"window\": \"8d\"}}", "rate.outbound.window");
        assertInvalid("{\"outbound\": {\"messages\": 10, \"burst\": 3}}", "rate.outbound.burst");
        assertInvalid("{\"exempt\": [{\"type\": \"ip\", \"value\": \"not-an-ip\"}]}", "rate.exempt[0].value");
        assertInvalid("{\"limits\": {}}", "rate.limits");
    }

    @Test
    void describeShouldNameTheWindowInItsLargestUnit() {
        assertThat(new RateLimit(100, Duration.ofMinutes(30)).describe()).isEqualTo("100 messages per 30m");
        assertThat(new RateLimit(1, Duration.ofHours(2)).describe()).isEqualTo("1 messages per 2h");
        assertThat(new RateLimit(3, Duration.ofSeconds(90)).describe()).isEqualTo("3 messages per 90s");
    }
}
