package org.gatehouse.app;

import java.time.Clock;
import java.time.Duration;

import javax.inject.Singleton;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.admin.JdbcAuditLog;
import org.gatehouse.webadmin.AccountRoutes;
import org.gatehouse.webadmin.AuditRoutes;
import org.gatehouse.webadmin.AuditTrail;
import org.gatehouse.webadmin.GatehouseAuthenticationFilter;
import org.gatehouse.webadmin.LoginRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Administration (docs/administration.md): accounts and API tokens, WebAdmin's authentication, the audit log, and the
 * operator account created on a new data directory. Settings from conf/gatehouse.properties:
 * {@code webadmin.auth.maxFailures} (50), {@code webadmin.auth.failureWindow} (10m), {@code webadmin.auth.lockout} (15m).
 */
public class GatehouseAdministrationModule extends AbstractModule {
    /** Replaces James's WebAdmin authentication filter (JWT or none) with Gatehouse's accounts and tokens. */
    public static final Module AUTHENTICATION = binder -> binder.bind(AuthenticationFilter.class).to(GatehouseAuthenticationFilter.class);

    @Override
    protected void configure() {
        bind(JdbcAccounts.class).in(Scopes.SINGLETON);
        bind(JdbcAuditLog.class).in(Scopes.SINGLETON);
        bind(AuditTrail.class).in(Scopes.SINGLETON);
        bind(GatehouseAuthenticationFilter.class).in(Scopes.SINGLETON);
        bind(OperatorBootstrap.class).in(Scopes.SINGLETON);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(AccountRoutes.class);
        routes.addBinding().to(AuditRoutes.class);
        routes.addBinding().to(AuditRoutes.Writes.class);
        routes.addBinding().to(LoginRoutes.class);
    }

    @Provides
    @Singleton
    AuthenticationThrottle throttle(GatehouseConfiguration configuration) {
        return new AuthenticationThrottle(Clock.systemUTC(), configuration.integer("webadmin.auth.maxFailures", 50),
            configuration.duration("webadmin.auth.failureWindow", Duration.ofMinutes(10)),
            configuration.duration("webadmin.auth.lockout", Duration.ofMinutes(15)), 100_000);
    }

    @ProvidesIntoSet
    InitializationOperation createOperator(OperatorBootstrap bootstrap) {
        return InitilizationOperationBuilder
            .forClass(OperatorBootstrap.class)
            .init(bootstrap::createIfNoAccount);
    }
}
