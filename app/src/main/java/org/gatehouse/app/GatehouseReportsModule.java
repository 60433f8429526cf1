package org.gatehouse.app;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import javax.inject.Singleton;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.gatehouse.policy.PolicySection;
import org.gatehouse.reports.JdbcReportRuns;
import org.gatehouse.reports.JdbcReports;
import org.gatehouse.reports.JdbcRollups;
import org.gatehouse.reports.ReportsPolicies;
import org.gatehouse.reports.ReportsPolicySection;
import org.gatehouse.store.Database;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.webadmin.ReportRoutes;
import org.gatehouse.webadmin.ScheduledReports;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Reports (docs/reports.md): the rollups of the message log and the job that keeps them, the report routes under
 * {@code /gatehouse/reports}, and the scheduled reports of the policy section {@code reports}.
 */
public class GatehouseReportsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JdbcReports.class).in(Scopes.SINGLETON);
        bind(JdbcReportRuns.class).in(Scopes.SINGLETON);
        bind(ReportsPolicies.class).in(Scopes.SINGLETON);
        bind(ReportsHousekeeping.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), PolicySection.class).addBinding().to(ReportsPolicySection.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(ReportRoutes.class);
    }

    /** {@code reports.rollup.topInterval} (default 15 minutes): how often the current day's top lists are computed again. */
    @Provides
    @Singleton
    JdbcRollups rollups(Database database, GatehouseConfiguration configuration) {
        return new JdbcRollups(database, Clock.systemUTC(), configuration.duration("reports.rollup.topInterval", Duration.ofMinutes(15)));
    }

    /**
     * {@code reports.from} (default {@code reports@<host name>}), {@code reports.send.delay} (default 15 minutes after the
     * period ends, so that its last records are rolled up).
     */
    @Provides
    @Singleton
    ScheduledReports scheduledReports(TenantStore tenants, ReportsPolicies policies, JdbcReports reports, JdbcReportRuns runs,
                                      MailQueueFactory<?> queues, GatehouseConfiguration configuration) {
        String host = hostName();
        return new ScheduledReports(tenants, policies, reports, runs, queues, new ScheduledReports.Settings(
            configuration.optionalString("reports.from").orElse("reports@" + host), host,
            configuration.duration("reports.send.delay", Duration.ofMinutes(15))), Clock.systemUTC());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @ProvidesIntoSet
    InitializationOperation startReports(ReportsHousekeeping housekeeping) {
        return InitilizationOperationBuilder
            .forClass(ReportsHousekeeping.class)
            .init(housekeeping::start);
    }
}
