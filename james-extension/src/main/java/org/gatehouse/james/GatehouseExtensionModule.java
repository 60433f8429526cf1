package org.gatehouse.james;

import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.gatehouse.app.GatehouseAdministrationModule;
import org.gatehouse.app.GatehouseAntivirusModule;
import org.gatehouse.app.GatehouseConfiguration;
import org.gatehouse.app.GatehouseExternalEnginesModule;
import org.gatehouse.app.GatehouseLearningModule;
import org.gatehouse.app.GatehouseMonitoringModule;
import org.gatehouse.app.GatehousePhishingModule;
import org.gatehouse.app.GatehouseQuarantineModule;
import org.gatehouse.app.GatehouseRateModule;
import org.gatehouse.app.GatehouseRecipientModule;
import org.gatehouse.app.GatehouseReportsModule;
import org.gatehouse.app.GatehouseResilienceModule;
import org.gatehouse.app.GatehouseScoringModule;
import org.gatehouse.app.GatehouseSenderModule;
import org.gatehouse.app.GatehouseStoreModule;
import org.gatehouse.app.GatehouseSubmissionModule;
import org.gatehouse.app.GatehouseWebAdminModule;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantStore;

import com.google.common.collect.ImmutableSet;
import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * Gatehouse inside an existing James 3.8.1 server: {@code guice.extension.module=org.gatehouse.james.GatehouseExtensionModule}
 * in {@code conf/extensions.properties} (docs/james-extension.md).
 *
 * <p>Only adds bindings: James keeps its own queue, DNS, domain list, mailet context, SMTP server factory and WebAdmin
 * authentication. The host's domains are the tenants' domains ({@link JamesDomainTenants}); what the standalone gateway
 * contributes to James's own Multibinder sets reaches James through its configuration instead: routes in
 * {@code webadmin.properties extensions.routes}, health checks in {@code healthcheck.properties additional.healthchecks},
 * start-up work through {@link GatehouseExtensionStartable} ({@code guice.extension.startable}), task DTOs through
 * {@link GatehouseTaskExtension} ({@code guice.extension.task}). Score contributors and policy sections are sets of
 * Gatehouse's own, bound here in the child injector where every Gatehouse class is built.</p>
 */
public class GatehouseExtensionModule extends AbstractModule {
    private final GatehouseConfiguration configuration;

    /** Built by James's own injector (its {@link PropertiesProvider}) before the child injector exists. */
    @Inject
    public GatehouseExtensionModule(PropertiesProvider propertiesProvider) throws ConfigurationException {
        this.configuration = new GatehouseConfiguration(propertiesProvider);
    }

    @Override
    protected void configure() {
        install(ChildInjectorBindings.of(
            // tenants come from James's domain list here, not from the gateway's tenant table
            ImmutableSet.of(Key.get(TenantStore.class), Key.get(TenantDirectory.class)),
            new GatehouseWebAdminModule(),
            new GatehouseStoreModule(),
            new GatehouseMonitoringModule(),
            new GatehouseSenderModule(),
            new GatehouseScoringModule(),
            new GatehouseRateModule(),
            new GatehouseRecipientModule(),
            new GatehouseSubmissionModule(),
            new GatehouseLearningModule(),
            new GatehouseAntivirusModule(),
            new GatehouseQuarantineModule(),
            new GatehouseReportsModule(),
            new GatehousePhishingModule(),
            new GatehouseAdministrationModule(),
            new GatehouseExternalEnginesModule(configuration)));
        bind(JamesDomainTenants.class).in(Scopes.SINGLETON);
        bind(TenantStore.class).to(JamesDomainTenants.class);
        bind(JamesDomainTenantDirectory.class).in(Scopes.SINGLETON);
        bind(TenantDirectory.class).to(JamesDomainTenantDirectory.class);
    }

    /** The MIME limits of the end-of-DATA structure check; the standalone gateway binds them beside its SMTP overrides. */
    @Provides
    @Singleton
    MimeStructure.Limits mimeStructureLimits() {
        return GatehouseResilienceModule.mimeStructureLimits(configuration);
    }

    @Provides
    @Singleton
    JamesDomainTenants.Mode tenancy() {
        return JamesDomainTenants.Mode.from(configuration);
    }
}
