package org.gatehouse.app;

import java.io.FileNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.content.ContentPolicySection;
import org.gatehouse.disclaimer.DisclaimerPolicies;
import org.gatehouse.disclaimer.DisclaimerPolicySection;
import org.gatehouse.disclaimer.GlobalDisclaimer;
import org.gatehouse.dlp.DlpPolicies;
import org.gatehouse.dlp.DlpPolicySection;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.outbound.OutboundPolicySection;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.GlobalPolicyStore;
import org.gatehouse.policy.JdbcGlobalPolicyStore;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.PolicySection;
import org.gatehouse.policy.PolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.rate.RatePolicySection;
import org.gatehouse.recipient.RecipientPolicySection;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.scoring.ScoringPolicySection;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.store.Database;
import org.gatehouse.store.DatabaseConfiguration;
import org.gatehouse.submission.SubmissionPolicySection;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.transport.TlsPolicies;
import org.gatehouse.transport.TlsPolicySection;
import org.gatehouse.validation.InvalidFieldException;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The policy database (conf/gatehouse.properties, {@code store.jdbc.*}; embedded Derby under the data directory
 * when no URL is set) and the tenant, policy, global policy and message log services on top of it (with the writer of
 * the SMTP refusals, {@code messageLog.refusals.perIpPerMinute}).
 */
public class GatehouseStoreModule extends AbstractModule {
    public static final String DERBY_LOCATION = "file://var/store/gatehouse-db";

    @Override
    protected void configure() {
        install(new MetersModule());
        bind(TenantStore.class).to(JdbcTenantStore.class);
        bind(JdbcTenantStore.class).in(Scopes.SINGLETON);
        bind(PolicyStore.class).to(JdbcPolicyStore.class);
        bind(JdbcPolicyStore.class).in(Scopes.SINGLETON);
        bind(MessageLog.class).to(JdbcMessageLog.class);
        bind(JdbcMessageLog.class).in(Scopes.SINGLETON);
        bind(MessageLogHousekeeping.class).in(Scopes.SINGLETON);
        bind(RefusalLogProvider.class).in(Scopes.SINGLETON);
        bind(RefusalLog.class).toProvider(RefusalLogProvider.class).in(Scopes.SINGLETON);
        bind(TenantDirectory.class).in(Scopes.SINGLETON);
        bind(GatehouseConfiguration.class).in(Scopes.SINGLETON);
        bind(TenantService.class).in(Scopes.SINGLETON);
        bind(TenantPolicies.class).in(Scopes.SINGLETON);
        bind(GlobalPolicyStore.class).to(JdbcGlobalPolicyStore.class);
        bind(JdbcGlobalPolicyStore.class).in(Scopes.SINGLETON);
        bind(GlobalPolicies.class).in(Scopes.SINGLETON);
        bind(ScoringPolicies.class).in(Scopes.SINGLETON);
        // Each capability adds its policy section here.
        Multibinder<PolicySection> sections = Multibinder.newSetBinder(binder(), PolicySection.class);
        sections.addBinding().to(SenderPolicySection.class);
        sections.addBinding().to(ScoringPolicySection.class);
        sections.addBinding().to(RatePolicySection.class);
        sections.addBinding().to(RecipientPolicySection.class);
        sections.addBinding().to(SubmissionPolicySection.class);
        sections.addBinding().to(OutboundPolicySection.class);
        sections.addBinding().to(TlsPolicySection.class);
        sections.addBinding().to(DisclaimerPolicySection.class);
        sections.addBinding().to(DlpPolicySection.class);
        sections.addBinding().to(ContentPolicySection.class);
        bind(ContentPolicies.class).in(Scopes.SINGLETON);
        bind(TlsPolicies.class).in(Scopes.SINGLETON);
        bind(DisclaimerPolicies.class).in(Scopes.SINGLETON);
        bind(DlpPolicies.class).in(Scopes.SINGLETON);
    }

    /**
     * What one tenant may hold ({@code tenant.maxDomains}, {@code tenant.maxRelayClients}, {@code senderLists.maxEntries}),
     * checked on every write through WebAdmin.
     */
    @Provides
    @Singleton
    TenantLimits tenantLimits(GatehouseConfiguration configuration) {
        try {
            return new TenantLimits(
                configuration.integer("tenant.maxDomains", TenantLimits.DEFAULT_MAX_DOMAINS),
                configuration.integer("tenant.maxRelayClients", TenantLimits.DEFAULT_MAX_RELAY_CLIENTS),
                configuration.integer("senderLists.maxEntries", TenantLimits.DEFAULT_MAX_SENDER_LIST_ENTRIES));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gatehouse.properties: " + e.getMessage(), e);
        }
    }

    /** The provider's stamp ({@code disclaimer.global.text} / {@code .html}); a comma must be written {@code \\,}. */
    @Provides
    @Singleton
    GlobalDisclaimer globalDisclaimer(GatehouseConfiguration configuration) {
        for (String key : List.of(GlobalDisclaimer.TEXT_KEY, GlobalDisclaimer.HTML_KEY)) {
            if (configuration.hasUnescapedComma(key)) {
                throw new IllegalStateException("gatehouse.properties: " + key + ": write a comma as \\, (an unescaped comma"
                    + " splits the value and the text after it would be lost)");
            }
        }
        try {
            return GlobalDisclaimer.of(configuration.optionalString(GlobalDisclaimer.TEXT_KEY), configuration.optionalString(GlobalDisclaimer.HTML_KEY));
        } catch (InvalidFieldException e) {
            throw new IllegalStateException("gatehouse.properties: " + e.getMessage(), e);
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMessageLogRetention(MessageLogHousekeeping housekeeping) {
        return InitilizationOperationBuilder
            .forClass(MessageLogHousekeeping.class)
            .init(housekeeping::start);
    }

    @Provides
    @Singleton
    PolicySchema policySchema(Set<PolicySection> sections) {
        return new PolicySchema(sections);
    }

    @Provides
    @Singleton
    DatabaseConfiguration databaseConfiguration(GatehouseConfiguration configuration, FileSystem fileSystem)
        throws FileNotFoundException {
        Optional<String> url = configuration.optionalString("store.jdbc.url");
        if (url.isEmpty()) {
            return DatabaseConfiguration.embeddedDerby(fileSystem.getFile(DERBY_LOCATION).toPath());
        }
        return DatabaseConfiguration.of(url.get(),
            configuration.optionalString("store.jdbc.username"),
            configuration.optionalString("store.jdbc.password"),
            configuration.integer("store.jdbc.maxPoolSize", DatabaseConfiguration.DEFAULT_MAX_POOL_SIZE));
    }

    @Provides
    @Singleton
    Database database(DatabaseConfiguration configuration, MeterRegistry meters) {
        return Database.open(configuration, Optional.of(meters));
    }
}
