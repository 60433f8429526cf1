package org.gatehouse.app;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * Monitoring (docs/monitoring.md): {@code GET /metrics} on the WebAdmin port in Prometheus's text format, from
 * Micrometer's Prometheus registry (Gatehouse's counters, the queues, the quarantine, the store's connection pool and
 * the JVM), and the health checks of the policy database, the mail queue and the quarantine index in James's
 * {@code GET /healthcheck}.
 */
public class GatehouseMonitoringModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new MetersModule());
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(MetricsRoutes.class);
        Multibinder<HealthCheck> healthChecks = Multibinder.newSetBinder(binder(), HealthCheck.class);
        healthChecks.addBinding().to(PolicyDatabaseHealthCheck.class);
        healthChecks.addBinding().to(MailQueueHealthCheck.class);
        healthChecks.addBinding().to(QuarantineIndexHealthCheck.class);
    }
}
