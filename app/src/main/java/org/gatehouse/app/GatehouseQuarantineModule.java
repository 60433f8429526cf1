package org.gatehouse.app;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Named;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.dto.DTOModuleInjections;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.policy.PolicySection;
import org.gatehouse.quarantine.DigestRuns;
import org.gatehouse.quarantine.JdbcDigestRuns;
import org.gatehouse.quarantine.JdbcQuarantineActions;
import org.gatehouse.quarantine.QuarantineActions;
import org.gatehouse.quarantine.QuarantinePolicies;
import org.gatehouse.quarantine.QuarantinePolicySection;
import org.gatehouse.quarantine.QuarantineRetention;
import org.gatehouse.quarantine.digest.ActionTokens;
import org.gatehouse.quarantine.digest.JdbcSigningKeys;
import org.gatehouse.quarantine.digest.JdbcUsedTokens;
import org.gatehouse.quarantine.digest.SigningKeys;
import org.gatehouse.quarantine.digest.UsedTokens;
import org.gatehouse.quarantine.index.QuarantineIndex;
import org.gatehouse.quarantine.store.QuarantineRepositories;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.webadmin.QuarantineBulkTaskDetailsDTO;
import org.gatehouse.webadmin.QuarantineDigests;
import org.gatehouse.webadmin.QuarantineIndexRebuildTaskDetailsDTO;
import org.gatehouse.webadmin.QuarantineLearning;
import org.gatehouse.webadmin.QuarantineRoutes;
import org.gatehouse.webadmin.QuarantineSenderLists;
import org.gatehouse.webadmin.QuarantineService;
import org.gatehouse.webadmin.SelfServiceServer;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The quarantine (docs/quarantine.md): James mail repositories per tenant and family under
 * {@code quarantine.repository}, the Lucene index under {@code quarantine.index} (checked against the repositories at
 * start), the final-action records, the WebAdmin routes and their bulk task, and the housekeeping (retention purge,
 * digests) of {@link QuarantineHousekeeping}.
 */
public class GatehouseQuarantineModule extends AbstractModule {
    public static final String INDEX_LOCATION = "file://var/quarantine-index";
    public static final int DEFAULT_SELF_SERVICE_PORT = 8088;

    @Override
    protected void configure() {
        bind(QuarantineActions.class).to(JdbcQuarantineActions.class);
        bind(DigestRuns.class).to(JdbcDigestRuns.class);
        bind(JdbcDigestRuns.class).in(Scopes.SINGLETON);
        bind(SigningKeys.class).to(JdbcSigningKeys.class);
        bind(JdbcSigningKeys.class).in(Scopes.SINGLETON);
        bind(UsedTokens.class).to(JdbcUsedTokens.class);
        bind(JdbcUsedTokens.class).in(Scopes.SINGLETON);
        bind(QuarantineSenderLists.class).in(Scopes.SINGLETON);
        bind(JdbcQuarantineActions.class).in(Scopes.SINGLETON);
        bind(QuarantinePolicies.class).in(Scopes.SINGLETON);
        bind(QuarantineRepositories.class).in(Scopes.SINGLETON);
        bind(QuarantineService.class).in(Scopes.SINGLETON);
        bind(QuarantineLearning.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SelfServiceProbe.class);
        bind(QuarantineHousekeeping.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), PolicySection.class).addBinding().to(QuarantinePolicySection.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(QuarantineRoutes.class);
    }

    @Provides
    @Singleton
    @Named(QuarantineRepositories.BASE_URL_PROPERTY)
    String repositoryBaseUrl(GatehouseConfiguration configuration) {
        return configuration.string("quarantine.repository", QuarantineRepositories.DEFAULT_BASE_URL);
    }

    @Provides
    @Singleton
    QuarantineIndex index(GatehouseConfiguration configuration, FileSystem fileSystem) throws FileNotFoundException {
        Path directory = fileSystem.getFile(configuration.string("quarantine.index", INDEX_LOCATION)).toPath();
        return QuarantineIndex.openOrRecreate(directory);
    }

    @Provides
    @Singleton
    QuarantineRetention retention(QuarantinePolicies policies) {
        return (tenant, family) -> policies.policyOf(tenant).retentionOf(family);
    }

    @Provides
    @Singleton
    ActionTokens actionTokens(SigningKeys keys, UsedTokens used) {
        return new ActionTokens(keys, used);
    }

    @Provides
    @Singleton
    QuarantineDigests digests(TenantStore tenants, QuarantineService service, QuarantinePolicies policies, DigestRuns runs,
                              ActionTokens tokens, MailQueueFactory<?> queues, GatehouseConfiguration configuration) {
        String host = hostName();
        int port = configuration.integer("quarantine.selfService.port", DEFAULT_SELF_SERVICE_PORT);
        return new QuarantineDigests(tenants, service, policies, runs, tokens, queues, new QuarantineDigests.Settings(
            configuration.optionalString("quarantine.selfService.baseUrl").orElse("http://" + host + ":" + port),
            configuration.optionalString("quarantine.digest.from").orElse("quarantine@" + host)), Clock.systemUTC());
    }

    /** The recipients' page ({@code quarantine.selfService.*}); off with {@code quarantine.selfService.enabled=false}. */
    @Provides
    @Singleton
    Optional<SelfServiceServer> selfService(QuarantineService service, QuarantinePolicies policies, QuarantineSenderLists senderLists,
                                            ActionTokens tokens, GatehouseConfiguration configuration) throws IOException {
        if (!configuration.bool("quarantine.selfService.enabled", true)) {
            return Optional.empty();
        }
        // links refused per client IP: the WebAdmin login's limits (webadmin.auth.*), counted apart
        AuthenticationThrottle throttle = new AuthenticationThrottle(Clock.systemUTC(), configuration.integer("webadmin.auth.maxFailures", 50),
            configuration.duration("webadmin.auth.failureWindow", java.time.Duration.ofMinutes(10)),
            configuration.duration("webadmin.auth.lockout", java.time.Duration.ofMinutes(15)), 100_000);
        return Optional.of(new SelfServiceServer(service, policies, senderLists, tokens, throttle, Clock.systemUTC(), new InetSocketAddress(
            configuration.string("quarantine.selfService.host", "0.0.0.0"),
            configuration.integer("quarantine.selfService.port", DEFAULT_SELF_SERVICE_PORT))));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Named(DTOModuleInjections.WEBADMIN_DTO)
    @ProvidesIntoSet
    AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO> bulkTaskDetails() {
        return QuarantineBulkTaskDetailsDTO.MODULE;
    }

    @Named(DTOModuleInjections.WEBADMIN_DTO)
    @ProvidesIntoSet
    AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO> rebuildTaskDetails() {
        return QuarantineIndexRebuildTaskDetailsDTO.MODULE;
    }

    @ProvidesIntoSet
    InitializationOperation startHousekeeping(QuarantineHousekeeping housekeeping) {
        return InitilizationOperationBuilder
            .forClass(QuarantineHousekeeping.class)
            .init(housekeeping::start)
            .requires(List.of(MemoryMailRepositoryStore.class));
    }
}
