package org.gatehouse.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class OutboundPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static OutboundPolicy parse(String json) throws Exception {
        return OutboundPolicy.parse(MAPPER.readTree(json));
    }

    @Test
    void parseShouldMapScoresToTheMostSevereThresholdReached() throws Exception {
        OutboundPolicy policy = parse("{\"spam\": {\"tag\": 50, \"quarantine\": 70, \"block\": 90}}");

        assertThat(policy.spam().actionFor(49)).isEqualTo(Action.PASS);
        assertThat(policy.spam().actionFor(50)).isEqualTo(Action.TAG);
        assertThat(policy.spam().actionFor(89)).isEqualTo(Action.QUARANTINE);
        assertThat(policy.spam().actionFor(100)).isEqualTo(Action.BLOCK);
        assertThat(policy.spam().spamFrom()).isEqualTo(50);
        assertThat(policy.anomaly()).isEmpty();
    }

    @Test
    void defaultsShouldScoreNothingAndGuardNothing() {
        assertThat(OutboundPolicy.defaults().spam().any()).isFalse();
        assertThat(OutboundPolicy.defaults().anomaly()).isEmpty();
    }

    @Test
    void parseShouldGiveTheAnomalyGuardItsDefaults() throws Exception {
        OutboundPolicy policy = parse("{\"anomaly\": {\"notifyTo\": [\"Admin@Acme.example\"]}}");

        assertThat(policy.anomaly()).contains(new OutboundPolicy.Anomaly(5, 50, 10, 7, java.util.List.of("admin@acme.example")));
    }

    @Test
    void parseShouldNameTheFieldOfEveryProblem() {
        assertThatThrownBy(() -> parse("{\"spam\": {\"tag\": 80, \"quarantine\": 70}}")).isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.getField()).isEqualTo("outbound.spam.quarantine"));
        assertThatThrownBy(() -> parse("{\"spam\": {\"block\": 101}}")).isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.getField()).isEqualTo("outbound.spam.block"));
        assertThatThrownBy(() -> parse("{\"anomaly\": {\"factor\": 1}}")).isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.getField()).isEqualTo("outbound.anomaly.factor"));
        assertThatThrownBy(() -> parse("{\"anomaly\": {\"notifyTo\": [\"not an address\"]}}")).isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.getField()).isEqualTo("outbound.anomaly.notifyTo[0]"));
        assertThatThrownBy(() -> parse("{\"spammy\": {}}")).isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.getField()).isEqualTo("outbound.spammy"));
    }
}
