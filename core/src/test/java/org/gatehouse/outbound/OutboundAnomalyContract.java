package org.gatehouse.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.gatehouse.store.Database;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compromised-account guard over the hourly volumes, on Derby and PostgreSQL. */
public interface OutboundAnomalyContract {
    TenantId ACME = TenantId.of("acme");
    Instant NOW = Instant.parse("2026-12-01T15:20:00Z");
    OutboundPolicy.Anomaly GUARD = new OutboundPolicy.Anomaly(5, 20, 5, 7, List.of());

    Database database();

    @BeforeEach
    default void createTenant() {
        new JdbcTenantStore(database()).save(Tenant.of(ACME, "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("127.0.0.1", 25, false), List.of()));
    }

    default OutboundAnomaly anomaly() {
        return new OutboundAnomaly(new JdbcOutboundVolumes(database()));
    }

    @Test
    default void countShouldHoldANewSenderOnlyPastTheMinimumAndSayItOnce() {
        OutboundAnomaly anomaly = anomaly();
        for (int i = 0; i < 20; i++) {
            assertThat(anomaly.count(ACME, "new@acme.example", NOW, false, Optional.of(GUARD))).as("message " + (i + 1)).isEmpty();
        }

        Optional<OutboundAnomaly.Finding> first = anomaly.count(ACME, "new@acme.example", NOW, false, Optional.of(GUARD));
        Optional<OutboundAnomaly.Finding> second = anomaly.count(ACME, "new@acme.example", NOW, false, Optional.of(GUARD));

        assertThat(first).hasValueSatisfying(finding -> {
            assertThat(finding.ruleId()).isEqualTo(OutboundAnomaly.VOLUME_RULE);
            assertThat(finding.first()).isTrue();
            assertThat(finding.explanation()).contains("21 messages this hour, over 20");
        });
        assertThat(second).hasValueSatisfying(finding -> assertThat(finding.first()).isFalse());
        // another sender of the same tenant is not held
        assertThat(anomaly.count(ACME, "other@acme.example", NOW, false, Optional.of(GUARD))).isEmpty();
    }

    @Test
    default void countShouldMeasureASenderAgainstItsOwnHistory() {
        OutboundAnomaly anomaly = anomaly();
        // a steady sender: 60 messages an hour for each of the last 7 days' hours, sampled as 168 hours × 60
        JdbcOutboundVolumes volumes = new JdbcOutboundVolumes(database());
        for (int hour = 1; hour <= 168; hour++) {
            for (int i = 0; i < 60; i++) {
                volumes.count(ACME, "busy@acme.example", NOW.minus(Duration.ofHours(hour)), false);
            }
        }
        // its usual 60 an hour is far over the minimum of 20, and not an anomaly; 5 times that is
        for (int i = 0; i < 300; i++) {
            assertThat(anomaly.count(ACME, "busy@acme.example", NOW, false, Optional.of(GUARD))).as("message " + (i + 1)).isEmpty();
        }
        assertThat(anomaly.count(ACME, "busy@acme.example", NOW, false, Optional.of(GUARD)))
            .hasValueSatisfying(finding -> assertThat(finding.explanation()).contains("301 messages this hour, over 300"));
    }

    @Test
    default void countShouldHoldASenderWhoseSpamJumps() {
        OutboundAnomaly anomaly = anomaly();
        for (int i = 0; i < 5; i++) {
            assertThat(anomaly.count(ACME, "hacked@acme.example", NOW, true, Optional.of(GUARD))).isEmpty();
        }

        assertThat(anomaly.count(ACME, "hacked@acme.example", NOW, true, Optional.of(GUARD)))
            .hasValueSatisfying(finding -> assertThat(finding.ruleId()).isEqualTo(OutboundAnomaly.SPAM_RULE));
    }

    @Test
    default void countShouldOnlyCountWhenTheGuardIsOff() {
        OutboundAnomaly anomaly = anomaly();
        for (int i = 0; i < 30; i++) {
            assertThat(anomaly.count(ACME, "quiet@acme.example", NOW, true, Optional.empty())).isEmpty();
        }
        assertThat(new JdbcOutboundVolumes(database()).between(ACME, "quiet@acme.example", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1))))
            .isEqualTo(new JdbcOutboundVolumes.Counts(30, 30));
    }

    @Test
    default void purgeShouldForgetOnlyTheHoursNoBaselineCanReach() {
        JdbcOutboundVolumes volumes = new JdbcOutboundVolumes(database());
        Instant oldest = NOW.minus(Duration.ofDays(OutboundPolicy.MAX_BASELINE_DAYS + 1L)).truncatedTo(ChronoUnit.HOURS);
        volumes.count(ACME, "old@acme.example", oldest.minus(Duration.ofHours(1)), false);
        volumes.count(ACME, "old@acme.example", oldest, false);
        volumes.count(ACME, "old@acme.example", NOW.minus(Duration.ofDays(OutboundPolicy.MAX_BASELINE_DAYS)), true);

        assertThat(anomaly().purge(NOW)).isEqualTo(1);

        assertThat(volumes.between(ACME, "old@acme.example", oldest.minus(Duration.ofDays(1)), NOW))
            .isEqualTo(new JdbcOutboundVolumes.Counts(2, 1));
        assertThat(anomaly().purge(NOW)).isZero();
    }
}
