package org.gatehouse.webadmin;

import java.util.List;
import java.util.Set;

import org.apache.james.json.DTOConverter;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.webadmin.GatehouseWebAdminServers;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.dkim.DkimKeyGenerator;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.JdbcGlobalPolicyStore;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.reports.JdbcReports;
import org.gatehouse.scoring.learning.BayesLearning;
import org.gatehouse.scoring.learning.BayesSettings;
import org.gatehouse.scoring.learning.JdbcBayesStore;
import org.gatehouse.sender.policy.SenderPolicySection;
import org.gatehouse.store.Database;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.tenant.TenantService;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;

/**
 * The Gatehouse WebAdmin routes, with James's {@code /tasks}, over real stores in a fresh Derby database, served by a
 * real WebAdmin server behind {@link WebAdminRequestHygiene}; RestAssured points at it, sending JSON. The token
 * classifier answers after {@link #LEARNING_MINIMUM} messages of each label.
 */
public class GatehouseWebAdminExtension implements BeforeEachCallback, AfterEachCallback {
    public static final int LEARNING_MINIMUM = 2;

    private final DerbyDatabaseExtension derby = new DerbyDatabaseExtension();
    private final TenantLimits limits;
    private final WebAdminRequestHygiene.Settings hygiene;
    private MemoryTaskManager taskManager;
    private TenantService tenantService;
    private GlobalPolicies globalPolicies;
    private MessageLog messageLog;
    private BayesLearning learning;
    private WebAdminServer server;

    /** The default limits and request hygiene of a fresh gateway. */
    public GatehouseWebAdminExtension() {
        this(TenantLimits.DEFAULT, WebAdminRequestHygiene.Settings.defaults("127.0.0.1"));
    }

    public GatehouseWebAdminExtension(TenantLimits limits, WebAdminRequestHygiene.Settings hygiene) {
        this.limits = limits;
        this.hygiene = hygiene;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        derby.beforeEach(context);
        JdbcTenantStore tenantStore = new JdbcTenantStore(derby.database());
        JdbcPolicyStore policyStore = new JdbcPolicyStore(derby.database());
        tenantService = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of(new SenderPolicySection(limits))),
            new TenantDirectory(tenantStore), new TenantPolicies(policyStore), limits);
        messageLog = new JdbcMessageLog(derby.database());
        globalPolicies = new GlobalPolicies(new JdbcGlobalPolicyStore(derby.database()), limits);
        learning = new BayesLearning(new JdbcBayesStore(derby.database()), new BayesSettings(true, LEARNING_MINIMUM, LEARNING_MINIMUM));
        taskManager = new MemoryTaskManager(new Hostname("webadmin-test"));
        JsonTransformer jsonTransformer = new JsonTransformer();
        server = GatehouseWebAdminServers.start(List.of(
            new WebAdminRequestHygiene(hygiene),
            new TasksRoutes(taskManager, jsonTransformer, DTOConverter.of(LearningImportTaskDetailsDTO.MODULE)),
            new TenantRoutes(tenantService, jsonTransformer),
            new PolicyRoutes(tenantService, jsonTransformer),
            new MessageLogRoutes(messageLog, jsonTransformer),
            new SenderListRoutes(tenantService, limits, jsonTransformer),
            new GlobalSenderListRoutes(globalPolicies, limits, jsonTransformer),
            new LearningRoutes(tenantService, learning, learning, jsonTransformer),
            new OperatorLearningRoutes(learning, taskManager, jsonTransformer),
            new ReportRoutes(new JdbcReports(derby.database()), tenantService, jsonTransformer),
            new DkimKeyRoutes(tenantService, new JdbcDkimKeys(derby.database()), new DkimKeyGenerator(), jsonTransformer)));
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RestAssured.reset();
        if (server != null) {
            server.destroy();
        }
        if (taskManager != null) {
            taskManager.stop();
        }
        derby.afterEach(context);
    }

    public int port() {
        return server.getPort().getValue();
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

    public Database database() {
        return derby.database();
    }

    public BayesLearning learning() {
        return learning;
    }
}
