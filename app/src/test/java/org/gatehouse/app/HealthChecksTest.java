package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.healthcheck.Result;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.scoring.external.ExternalEngineContributor;
import org.gatehouse.scoring.external.SpamdSettings;
import org.gatehouse.store.Database;
import org.gatehouse.store.DatabaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

class HealthChecksTest {
    @TempDir
    Path directory;

    @Test
    void policyDatabaseShouldBeHealthyWhileItAnswersAndUnhealthyOnceItCannot() {
        Database database = Database.open(DatabaseConfiguration.embeddedDerby(directory.resolve("db")));
        PolicyDatabaseHealthCheck check = new PolicyDatabaseHealthCheck(database);
        assertThat(Mono.from(check.check()).block().isHealthy()).isTrue();

        database.close();

        Result closed = Mono.from(check.check()).block();
        assertThat(closed.isUnHealthy()).isTrue();
        assertThat(closed.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("mail is deferred"));
    }

    @Test
    void quarantineIndexShouldBeHealthyWhileReadableAndDegradedOnceClosed() {
        QuarantineIndex index = QuarantineIndex.inMemory();
        QuarantineIndexHealthCheck check = new QuarantineIndexHealthCheck(index);
        assertThat(Mono.from(check.check()).block().isHealthy()).isTrue();

        index.close();

        Result closed = Mono.from(check.check()).block();
        assertThat(closed.isDegraded()).isTrue();
        assertThat(closed.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("cannot be searched"));
    }

    @Test
    void externalEnginesShouldBeHealthyUntilAnEngineFailsItsLastCallAndThenDegradedNamingIt() {
        GatehouseMetrics metrics = new GatehouseMetrics(new SimpleMeterRegistry());
        ExternalEngineContributor spamd = ExternalEngineContributor.spamd(SpamdSettings.forAddress("127.0.0.1:7830"), metrics);
        ExternalEnginesHealthCheck check = new ExternalEnginesHealthCheck(Set.of(spamd), metrics);
        assertThat(Mono.from(check.check()).block().isHealthy()).isTrue();

        metrics.engineCall("spamd", Duration.ofSeconds(2), false);
        Result down = Mono.from(check.check()).block();
        assertThat(down.isDegraded()).isTrue();
        assertThat(down.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("spamd at 127.0.0.1:7830", "scored without it"));

        metrics.engineCall("spamd", Duration.ofMillis(30), true);
        assertThat(Mono.from(check.check()).block().isHealthy()).isTrue();
    }

    @Test
    void antivirusShouldBeDegradedWhenNotConfigured() {
        Result result = Mono.from(new AntivirusHealthCheck(Optional.empty()).check()).block();

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("not scanned for viruses"));
    }
}
