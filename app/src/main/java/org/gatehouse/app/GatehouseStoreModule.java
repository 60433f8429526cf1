package org.gatehouse.app;

import java.io.FileNotFoundException;
import java.util.Optional;
import java.util.Set;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.GlobalPolicyStore;
import org.gatehouse.policy.JdbcGlobalPolicyStore;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.PolicySection;
import org.gatehouse.policy.PolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.rate.RatePolicySection;
import org.gatehouse.scoring.ScoringPolicySection;
import org.gatehouse.transport.TlsPolicies;
import org.gatehouse.transport.TlsPolicySection;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.store.Database;
import org.gatehouse.store.DatabaseConfiguration;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStore;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * The policy database (conf/gatehouse.properties, {@code store.jdbc.*}; embedded Derby under the data directory
 * when no URL is set) and the tenant, policy, global policy and message log services on top of it.
 */
public class GatehouseStoreModule extends AbstractModule {
    public static final String DERBY_LOCATION = "file://var/store/gatehouse-db";

    @Override
    protected void configure() {
        bind(TenantStore.class).to(JdbcTenantStore.class);
        bind(JdbcTenantStore.class).in(Scopes.SINGLETON);
        bind(PolicyStore.class).to(JdbcPolicyStore.class);
        bind(JdbcPolicyStore.class).in(Scopes.SINGLETON);
        bind(MessageLog.class).to(JdbcMessageLog.class);
        bind(JdbcMessageLog.class).in(Scopes.SINGLETON);
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
        sections.addBinding().to(TlsPolicySection.class);
        bind(TlsPolicies.class).in(Scopes.SINGLETON);
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
    Database database(DatabaseConfiguration configuration) {
        return Database.open(configuration);
    }
}
