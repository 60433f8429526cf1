package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.gatehouse.outbound.JdbcOutboundVolumes;
import org.gatehouse.outbound.OutboundAnomaly;
import org.gatehouse.outbound.OutboundPolicy;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboundVolumeHousekeepingTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant NOW = Instant.parse("2026-12-07T10:30:00Z");

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    @Test
    void purgeShouldForgetHourlyCountsPastTheLongestBaselineAndKeepTheRest() {
        new JdbcTenantStore(derby.database()).save(Tenant.of(ACME, "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("127.0.0.1", 25, false), List.of()));
        JdbcOutboundVolumes volumes = new JdbcOutboundVolumes(derby.database());
        volumes.count(ACME, "user@acme.example", NOW.minus(Duration.ofDays(OutboundPolicy.MAX_BASELINE_DAYS + 2L)), false);
        volumes.count(ACME, "user@acme.example", NOW.minus(Duration.ofDays(OutboundPolicy.MAX_BASELINE_DAYS)), false);
        OutboundVolumeHousekeeping housekeeping = new OutboundVolumeHousekeeping(new OutboundAnomaly(volumes),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

        assertThat(housekeeping.purge()).isEqualTo(1);

        assertThat(volumes.between(ACME, "user@acme.example", NOW.minus(Duration.ofDays(90)), NOW))
            .isEqualTo(new JdbcOutboundVolumes.Counts(1, 0));
    }

    @Test
    void purgeShouldReportNothingAndNotThrowWhenTheDatabaseIsGone() {
        JdbcOutboundVolumes volumes = new JdbcOutboundVolumes(derby.database());
        derby.database().close();
        OutboundVolumeHousekeeping housekeeping = new OutboundVolumeHousekeeping(new OutboundAnomaly(volumes),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

        assertThat(housekeeping.purge()).isZero();
    }
}
