package org.gatehouse.app;

import java.util.Optional;

import javax.inject.Singleton;

import org.apache.james.core.healthcheck.HealthCheck;
import org.gatehouse.antivirus.AntivirusSettings;
import org.gatehouse.antivirus.VirusScanner;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

/**
 * Antivirus (conf/gatehouse.properties, docs/antivirus.md): {@code antivirus.scanners} (clamd addresses,
 * {@code tcp://host:port} or {@code unix:///path}, comma separated; empty = no scanning), {@code antivirus.connectTimeout},
 * {@code antivirus.timeout}, {@code antivirus.budget}, {@code antivirus.action.onError} (tempfail or quarantine) and
 * {@code antivirus.action.onTooLarge} (quarantine, reject or tempfail), {@code antivirus.maxNesting} (the MIME nesting clamd
 * opens: its MaxRecursion less one) and {@code antivirus.action.onIncomplete} (quarantine, reject or tempfail). A bad value stops the server with the key.
 * Adds the {@code ClamAV} health check.
 */
public class GatehouseAntivirusModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(AntivirusHealthCheck.class);
    }

    @Provides
    @Singleton
    Optional<VirusScanner> virusScanner(GatehouseConfiguration configuration) {
        String scanners = String.join(",", configuration.list("antivirus.scanners"));
        if (scanners.isEmpty()) {
            return Optional.empty();
        }
        try {
            AntivirusSettings defaults = AntivirusSettings.forScanners(scanners);
            AntivirusSettings settings = defaults
                .withTimeouts(configuration.duration("antivirus.connectTimeout", defaults.connectTimeout()),
                    configuration.duration("antivirus.timeout", defaults.timeout()))
                .withBudget(configuration.duration("antivirus.budget", defaults.budget()))
                .withOnError(ConfiguredActions.parse(configuration, "antivirus.action.onError", defaults.onError().asString()))
                .withOnTooLarge(ConfiguredActions.parse(configuration, "antivirus.action.onTooLarge", defaults.onTooLarge().asString()))
                .withMaxNesting(configuration.integer("antivirus.maxNesting", defaults.maxNesting()))
                .withOnIncomplete(ConfiguredActions.parse(configuration, "antivirus.action.onIncomplete", defaults.onIncomplete().asString()));
            return Optional.of(VirusScanner.create(settings));
        } catch (RuntimeException e) {
            throw new IllegalStateException("gatehouse.properties: antivirus.*: " + e.getMessage(), e);
        }
    }
}
