package org.gatehouse.app;

import java.time.Clock;
import java.time.Duration;

import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.admin.JdbcAuditLog;
import org.gatehouse.admin.PasswordHasher;
import org.gatehouse.outbound.JdbcOutboundVolumes;
import org.gatehouse.submission.JdbcSubmissionAccounts;
import org.gatehouse.submission.SubmissionAuthenticator;
import org.gatehouse.webadmin.SubmissionAccountRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Authenticated submission (docs/submission.md): the tenants' SMTP AUTH accounts and their routes, and the AUTH
 * lockout settings {@code submission.auth.maxFailures} (default 20), {@code submission.auth.failureWindow} (10m) and
 * {@code submission.auth.lockout} (15m), counted per client IP and per account, apart from WebAdmin's.
 */
public class GatehouseSubmissionModule extends AbstractModule {
    static final int DEFAULT_MAX_FAILURES = 20;

    @Override
    protected void configure() {
        bind(JdbcSubmissionAccounts.class).in(Scopes.SINGLETON);
        // outbound abuse control (docs/outbound-abuse.md): each sender's hourly volume, for the compromised-account guard
        bind(JdbcOutboundVolumes.class).in(Scopes.SINGLETON);
        bind(OutboundVolumeHousekeeping.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(SubmissionAccountRoutes.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SubmissionProbe.class);
    }

    @ProvidesIntoSet
    InitializationOperation startOutboundVolumePurge(OutboundVolumeHousekeeping housekeeping) {
        return InitilizationOperationBuilder
            .forClass(OutboundVolumeHousekeeping.class)
            .init(housekeeping::start);
    }

    @Provides
    @Singleton
    SubmissionAuthenticator authenticator(JdbcSubmissionAccounts accounts, JdbcAuditLog audit, GatehouseConfiguration configuration) {
        AuthenticationThrottle throttle = new AuthenticationThrottle(Clock.systemUTC(),
            configuration.integer("submission.auth.maxFailures", DEFAULT_MAX_FAILURES),
            configuration.duration("submission.auth.failureWindow", Duration.ofMinutes(10)),
            configuration.duration("submission.auth.lockout", Duration.ofMinutes(15)), 100_000);
        return new SubmissionAuthenticator(accounts, new PasswordHasher(), throttle, audit, Clock.systemUTC());
    }
}
