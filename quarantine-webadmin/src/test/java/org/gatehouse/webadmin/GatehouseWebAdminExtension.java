package org.gatehouse.webadmin;

import java.util.Set;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.JdbcGlobalPolicyStore;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.JdbcBayesStore;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantService;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * The Gatehouse WebAdmin routes over real stores in a fresh Derby database, served by a real WebAdmin server;
 * RestAssured points at it, sending JSON. The token classifier answers after {@link #LEARNING_MINIMUM} messages of
 * each label.
 */
public class GatehouseWebAdminExtension implements BeforeEachCallback, AfterEachCallback {
    public static final int LEARNING_MINIMUM = 2;

    private final DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    private TenantService tenantService;
    private GlobalPolicies globalPolicies;
    private MessageLog messageLog;
    private BayesLearning learning;
    private WebAdminServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        derby.beforeEach(context);
        JdbcTenantStore tenantStore = new JdbcTenantStore(derby.database());
        tenantService = new TenantService(tenantStore, new JdbcPolicyStore(derby.database()), new PolicySchema(Set.of(new SenderPolicySection())),
            new TenantDirectory(tenantStore));
        messageLog = new JdbcMessageLog(derby.database());
        globalPolicies = new GlobalPolicies(new JdbcGlobalPolicyStore(derby.database()));
        learning = new BayesLearning(new JdbcBayesStore(derby.database()), new BayesSettings(true, LEARNING_MINIMUM, LEARNING_MINIMUM));
        JsonTransformer jsonTransformer = new JsonTransformer();
        server = WebAdminUtils.createWebAdminServer(
                new TenantRoutes(tenantService, jsonTransformer),
                new PolicyRoutes(tenantService, jsonTransformer),
                new MessageLogRoutes(messageLog, jsonTransformer),
                new SenderListRoutes(tenantService, jsonTransformer),
                new GlobalSenderListRoutes(globalPolicies, jsonTransformer),
                new LearningRoutes(tenantService, learning, learning, jsonTransformer))
            .start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RestAssured.reset();
        if (server != null) {
            server.destroy();
        }
        derby.afterEach(context);
    }

    public TenantService tenantService() {
        return tenantService;
    }

    public GlobalPolicies globalPolicies() {
        return globalPolicies;
    }

    public MessageLog messageLog() {
        return messageLog;
    }

    public BayesLearning learning() {
        return learning;
    }
}
