package org.gatehouse.app;

import org.apache.james.webadmin.Routes;
import org.gatehouse.dkim.DkimKeyGenerator;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.webadmin.DkimKeyRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * Outbound DKIM signing (docs/dkim-signing.md): the tenants' keys in the policy database, their WebAdmin routes
 * ({@code /gatehouse/tenants/{id}/dkim}); the {@code SignDkim} mailet of the outbound processor reads the active keys.
 */
public class GatehouseDkimSigningModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JdbcDkimKeys.class).in(Scopes.SINGLETON);
        bind(DkimKeyGenerator.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(DkimKeyRoutes.class);
    }
}
