package org.gatehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.SmtpRefusal;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class GatehouseMetricsTest {
    private SimpleMeterRegistry meters;
    private GatehouseMetrics metrics;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        metrics = new GatehouseMetrics(meters);
    }

    private double count(String direction, String stage, String outcome) {
        return Optional.ofNullable(meters.find(GatehouseMetrics.MESSAGES).tags("direction", direction, "stage", stage, "outcome", outcome)
            .counter()).map(counter -> counter.count()).orElse(0.0);
    }

    private static SmtpRefusal refusal(Stage stage, String reply) {
        return new SmtpRefusal("t1", Instant.parse("2026-12-06T10:00:00Z"), "192.0.2.7", Optional.empty(), Direction.OUTBOUND,
            List.of(), "a@acme.example", stage, reply, List.of("RATE_LIMITED"), List.of(), Map.of(), Optional.empty(), 0,
            Optional.empty());
    }

    @Test
    void dispositionShouldCountOnePerTenantPartByDirectionAndOutcome() {
        metrics.disposition(Direction.INBOUND, Disposition.DELIVERED);
        metrics.disposition(Direction.INBOUND, Disposition.DELIVERED);
        metrics.disposition(Direction.OUTBOUND, Disposition.QUARANTINED);

        assertThat(count("inbound", "queue", "delivered")).isEqualTo(2);
        assertThat(count("outbound", "queue", "quarantined")).isEqualTo(1);
        assertThat(count("outbound", "queue", "delivered")).isZero();
    }

    @Test
    void refusalShouldCountTempfailedWhenTheReplyIs4xxAndRejectedWhenItIs5xx() {
        metrics.refusal(refusal(Stage.RCPT, "452 4.7.1 too many"));
        metrics.refusal(refusal(Stage.DATA, "550 5.7.1 refused"));

        assertThat(count("outbound", "rcpt", "tempfailed")).isEqualTo(1);
        assertThat(count("outbound", "data", "rejected")).isEqualTo(1);
        assertThat(count("outbound", "rcpt", "rejected")).isZero();
    }

    @Test
    void engineUpShouldBeEmptyBeforeTheFirstCallAndFollowTheLastCall() {
        assertThat(metrics.engineUp("rspamd")).isEmpty();

        metrics.engineCall("rspamd", Duration.ofMillis(12), false);
        assertThat(metrics.engineUp("rspamd")).contains(false);
        metrics.engineCall("rspamd", Duration.ofMillis(8), true);

        assertThat(metrics.engineUp("rspamd")).contains(true);
        assertThat(meters.get(GatehouseMetrics.ENGINE_CALLS).tags("engine", "rspamd", "result", "answered").timer()
            .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(8.0);
    }

    @Test
    void dispositionShouldLabelTheTenantOnlyWhenPerTenant() {
        SimpleMeterRegistry labelled = new SimpleMeterRegistry();
        new GatehouseMetrics(labelled, true).disposition(Direction.INBOUND, Disposition.DELIVERED, Optional.of(TenantId.of("acme")));
        new GatehouseMetrics(labelled, true).refusal(refusal(Stage.RCPT, "550 5.7.1 relaying denied"));
        metrics.disposition(Direction.INBOUND, Disposition.DELIVERED, Optional.of(TenantId.of("acme")));

        assertThat(labelled.get(GatehouseMetrics.MESSAGES).tags("tenant", "acme", "outcome", "delivered").counter().count()).isEqualTo(1);
        assertThat(labelled.get(GatehouseMetrics.MESSAGES).tags("tenant", GatehouseMetrics.NO_TENANT, "outcome", "rejected").counter()
            .count()).isEqualTo(1);
        assertThat(meters.get(GatehouseMetrics.MESSAGES).counter().getId().getTag("tenant")).isNull();
    }

    @Test
    void noneShouldKeepNoCount() {
        GatehouseMetrics none = GatehouseMetrics.none();

        none.disposition(Direction.INBOUND, Disposition.DELIVERED);

        assertThat(none.registry().get(GatehouseMetrics.MESSAGES).counter().count()).isZero();
    }
}
