package org.gatehouse.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.Stage;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {
    private static Outcome refusedAtRcpt(String rule, String reply) {
        return OutcomeClassifier.classify(Stage.RCPT, Disposition.REJECTED, List.of(rule), Optional.of(reply), List.of());
    }

    @Test
    void classifyShouldTellRecipientRefusalsApart() {
        assertThat(refusedAtRcpt("RECIPIENT_UNKNOWN", "550 5.1.1 Recipient address rejected")).isEqualTo(Outcome.CONTENT_POLICY);
        assertThat(refusedAtRcpt("RECIPIENT_DIRECTORY_UNAVAILABLE", "451 4.4.3 Recipient directory unavailable")).isEqualTo(Outcome.DEFERRED);
        assertThat(refusedAtRcpt("RECIPIENT_HARVEST", "421 4.7.0 Too many unknown recipients")).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(refusedAtRcpt("RECIPIENT_DOMAIN_NOT_SERVED", "553 5.1.3")).isEqualTo(Outcome.RELAY_DENIED);
    }
}
