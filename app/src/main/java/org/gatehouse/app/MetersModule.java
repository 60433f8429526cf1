package org.gatehouse.app;

import java.util.Optional;

import javax.inject.Singleton;

import org.gatehouse.metrics.GatehouseMetrics;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry (Micrometer's Prometheus registry, with the JVM's meters) and {@link GatehouseMetrics}.
 * Installed by every module whose components keep meters (the store's pool, the refusal log, the mailets); Guice installs
 * it once however many install it (equal modules are one).
 */
final class MetersModule extends AbstractModule {
    static final String PER_TENANT = "metrics.perTenant";

    @Override
    protected void configure() {
        bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
    }

    /** {@code metrics.perTenant} (conf/gatehouse.properties, default false) where the configuration is bound. */
    @Provides
    @Singleton
    GatehouseMetrics metrics(MeterRegistry registry, Injector injector) {
        boolean perTenant = Optional.ofNullable(injector.getExistingBinding(Key.get(GatehouseConfiguration.class)))
            .map(binding -> binding.getProvider().get().bool(PER_TENANT, false))
            .orElse(false);
        return new GatehouseMetrics(registry, perTenant);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheusRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetersModule;
    }

    @Override
    public int hashCode() {
        return MetersModule.class.hashCode();
    }
}
