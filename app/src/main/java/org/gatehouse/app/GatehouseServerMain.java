package org.gatehouse.app;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.modules.data.MemoryUsersRepositoryModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DKIMMailetModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailetContainerModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.WebAdminServerModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The Gatehouse server: James's memory server reduced to a gateway (SMTP, the mailet container, WebAdmin, DNS;
 * no IMAP, POP3, LMTP, JMAP or JMX), with a durable ActiveMQ mail queue and Gatehouse's tenant store, routing
 * and WebAdmin routes.
 */
public final class GatehouseServerMain {

    public static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new DataRoutesModules(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule());

    public static final Module GATEWAY = Modules.combine(
        MemoryJamesServerMain.IN_MEMORY_SERVER_MODULE,
        new ProtocolHandlerModule(),
        new SMTPServerModule(),
        new RawPostDequeueDecoratorModule(),
        new DKIMMailetModule(),
        WEBADMIN,
        new NoJwtModule(),
        // conf/mailetcontainer.xml is always laid out: no built-in fallback pipeline.
        binder -> binder.bind(MailetContainerModule.DefaultProcessorsConfigurationSupplier.class)
            .toInstance(BaseHierarchicalConfiguration::new),
        new GatehouseWebAdminModule(),
        new GatehouseStoreModule(),
        new GatehouseMonitoringModule(),
        new GatehouseSenderModule(),
        new GatehouseScoringModule(),
        new GatehouseRateModule(),
        new GatehouseRecipientModule(),
        new GatehouseSubmissionModule(),
        new GatehouseDkimSigningModule(),
        new GatehouseLearningModule(),
        new GatehouseAntivirusModule(),
        new GatehouseQuarantineModule(),
        new GatehouseReportsModule(),
        new GatehousePhishingModule(),
        new GatehouseAdministrationModule());

    public static GuiceJamesServer createServer(MemoryJamesConfiguration configuration) {
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(GATEWAY)
            .combineWith(GatehouseExternalEnginesModule.forServer(configuration))
            .combineWith(GatehouseSpamAssassinRulesModule.forServer(configuration))
            .combineWith(new UsersRepositoryModuleChooser(new MemoryUsersRepositoryModule())
                .chooseModules(configuration.getUsersRepositoryImplementation()))
            .overrideWith(new GatehouseQueueModule(), new GatehouseRoutingModule(), new GatehouseResilienceModule(),
                GatehouseAdministrationModule.AUTHENTICATION);
    }

    private GatehouseServerMain() {
    }
}
