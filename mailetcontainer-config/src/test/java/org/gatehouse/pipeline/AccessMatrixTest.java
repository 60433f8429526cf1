package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.specification.RequestSpecification;

/**
 * Every WebAdmin route × every role × its own tenant and another × no token and a bad token, against the running
 * gateway, held to the table of docs/administration.md written out here (not derived from the code under test):
 * 401 without a valid token; 403 for a role below the route's; 404 for another tenant's resource, exactly as for a
 * missing one; anything but 401/403 (the route's own answer) where the role may.
 */
class AccessMatrixTest {
    private static final String OWN = "own";
    private static final String FOREIGN = "foreign";
    private static final String ITEM = ".spam.0f8fad5b-d9cb-469f-a165-70867728950e";

    /** Roles by rank; a route's {@code minimum} is the lowest that may use it on its own tenant. */
    private static final List<String> ROLES = List.of("read_only", "helpdesk", "tenant_admin", "operator");

    private record Route(String method, String path, String contentType, String body, String minimum, boolean tenantScoped) {
    }

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;
    static Map<String, String> tokens = new LinkedHashMap<>();
    /** A bulk quarantine task over each tenant, by the operator. */
    static Map<String, String> tasks = new LinkedHashMap<>();
    /** A message-log record of each tenant. */
    static Map<String, String> messages = new LinkedHashMap<>();

    @BeforeAll
    static void startGateway() throws Exception {
        downstream = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        // this test sends hundreds of requests without a valid token on purpose: no lockout
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "webadmin.auth.maxFailures=1000000\n");
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant(OWN, List.of("own.test"), downstream.port(), List.of());
        webAdmin.createTenant(FOREIGN, List.of("foreign.test"), downstream.port(), List.of());
        tokens.put("operator", WebAdmin.operatorToken(gateway.webAdminPort()).orElseThrow());
        for (String role : ROLES.subList(0, 3)) {
            webAdmin.request().body(Map.of("role", role, "tenants", List.of(OWN))).put("/gatehouse/accounts/matrix-" + role).then().statusCode(201);
            tokens.put(role, webAdmin.request().body("{}").post("/gatehouse/accounts/matrix-" + role + "/tokens").then().statusCode(201)
                .extract().jsonPath().getString("token"));
        }
        for (String tenant : List.of(OWN, FOREIGN)) {
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                smtp.send("someone@sender.test", List.of("user@" + tenant + ".test"), "Subject: matrix\r\nMessage-ID: <matrix-" + tenant
                    + "@sender.test>\r\n\r\nhello\r\n");
            }
            messages.put(tenant, org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> webAdmin.messages("tenant=" + tenant), found -> !found.isEmpty()).get(0).get("id").toString());
        }
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        downstream.close();
    }

    /** The table: {t} is the tenant, {q} a held message of it. Bodies are valid or harmlessly invalid (no lasting change). */
    private static List<Route> routes() {
        String json = "application/json";
        String record = "{\"name\": \"Tenant {t}\", \"domains\": [\"{t}.test\"], \"downstream\": {\"host\": \"127.0.0.1\", \"port\": "
            + downstream.port() + ", \"requireTls\": false}, \"relayClients\": []}";
        return List.of(
            new Route("GET", "/gatehouse/tenants", json, null, "read_only", false),
            new Route("GET", "/gatehouse/tenants/{t}", json, null, "read_only", true),
            new Route("PUT", "/gatehouse/tenants/{t}", json, record, "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}", json, null, "operator", true),
            new Route("GET", "/gatehouse/tenants/{t}/policy", json, null, "read_only", true),
            new Route("PUT", "/gatehouse/tenants/{t}/policy", json, "{\"description\": \"matrix\"}", "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/policy/versions", json, null, "read_only", true),
            new Route("GET", "/gatehouse/tenants/{t}/policy/versions/1", json, null, "read_only", true),
            new Route("POST", "/gatehouse/tenants/{t}/policy/versions/1/restore", json, null, "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/senders/allow", json, null, "read_only", true),
            new Route("GET", "/gatehouse/tenants/{t}/senders/block", json, null, "read_only", true),
            new Route("POST", "/gatehouse/tenants/{t}/senders/allow", json, "{}", "tenant_admin", true),
            new Route("POST", "/gatehouse/tenants/{t}/senders/block", json, "{}", "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}/senders/allow?type=domain&value=matrix.example", json, null, "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}/senders/block?type=domain&value=matrix.example", json, null, "tenant_admin", true),
            new Route("POST", "/gatehouse/tenants/{t}/senders/allow/import", "text/csv", "", "tenant_admin", true),
            new Route("POST", "/gatehouse/tenants/{t}/senders/block/import", "text/csv", "", "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/recipients", json, null, "read_only", true),
            new Route("POST", "/gatehouse/tenants/{t}/recipients", json, "{\"address\": \"matrix@{t}.test\"}", "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}/recipients?address=matrix@{t}.test", json, null, "tenant_admin", true),
            new Route("POST", "/gatehouse/tenants/{t}/recipients/import", "text/csv", "", "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/submission-accounts", json, null, "read_only", true),
            new Route("PUT", "/gatehouse/tenants/{t}/submission-accounts/matrix@{t}.test", json, "{\"password\": \"matrix password 123\"}",
                "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}/submission-accounts/matrix@{t}.test", json, null, "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/dkim", json, null, "read_only", true),
            new Route("GET", "/gatehouse/tenants/{t}/dkim/{t}.test", json, null, "read_only", true),
            // a pending key named "matrix" (never signs until activated); later calls answer 409, taken
            new Route("POST", "/gatehouse/tenants/{t}/dkim/{t}.test", json, "{\"selector\": \"matrix\"}", "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/dkim/{t}.test/matrix", json, null, "read_only", true),
            new Route("POST", "/gatehouse/tenants/{t}/dkim/{t}.test/absent/activate", json, null, "tenant_admin", true),
            new Route("DELETE", "/gatehouse/tenants/{t}/dkim/{t}.test/absent", json, null, "tenant_admin", true),
            new Route("GET", "/gatehouse/tenants/{t}/scoring/learning", json, null, "read_only", true),
            new Route("POST", "/gatehouse/tenants/{t}/scoring/learn?as=ham", "message/rfc822", "", "tenant_admin", true),
            new Route("GET", "/gatehouse/quarantine?tenant={t}", json, null, "read_only", true),
            new Route("POST", "/gatehouse/quarantine?action=delete&tenant={t}&sender=nobody@matrix.example", json, null, "helpdesk", true),
            new Route("GET", "/gatehouse/quarantine/{q}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/quarantine/{q}/eml", json, null, "read_only", true),
            new Route("POST", "/gatehouse/quarantine/{q}/release", json, null, "helpdesk", true),
            new Route("DELETE", "/gatehouse/quarantine/{q}", json, null, "helpdesk", true),
            new Route("GET", "/gatehouse/messages?tenant={t}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/messages/{m}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/reports/summary?tenant={t}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/reports/top?tenant={t}&by=sender", json, null, "read_only", true),
            new Route("GET", "/gatehouse/reports/delivery?tenant={t}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/accounts", json, null, "tenant_admin", false),
            new Route("GET", "/gatehouse/accounts/{a}", json, null, "tenant_admin", true),
            // logins are one namespace: another tenant's answers 409 (taken), never changed
            new Route("PUT", "/gatehouse/accounts/{a}", json, "{\"role\": \"helpdesk\", \"tenants\": [\"{t}\"]}", "tenant_admin", false),
            new Route("GET", "/gatehouse/accounts/{a}/tokens", json, null, "tenant_admin", true),
            new Route("POST", "/gatehouse/accounts/{a}/tokens", json, "{}", "tenant_admin", true),
            new Route("DELETE", "/gatehouse/accounts/{a}/tokens/999999", json, null, "tenant_admin", true),
            new Route("GET", "/gatehouse/audit", json, null, "tenant_admin", false),
            new Route("GET", "/gatehouse/rate-limited?tenant={t}", json, null, "read_only", true),
            new Route("GET", "/gatehouse/senders/allow", json, null, "operator", false),
            new Route("GET", "/gatehouse/senders/block", json, null, "operator", false),
            new Route("POST", "/gatehouse/senders/allow", json, "{}", "operator", false),
            new Route("POST", "/gatehouse/senders/block", json, "{}", "operator", false),
            new Route("DELETE", "/gatehouse/senders/allow?type=domain&value=matrix.example", json, null, "operator", false),
            new Route("DELETE", "/gatehouse/senders/block?type=domain&value=matrix.example", json, null, "operator", false),
            new Route("POST", "/gatehouse/senders/allow/import", "text/csv", "", "operator", false),
            new Route("POST", "/gatehouse/senders/block/import", "text/csv", "", "operator", false),
            new Route("POST", "/gatehouse/quarantine/digests", json, null, "operator", false),
            new Route("POST", "/gatehouse/quarantine/index?action=not-rebuild", json, null, "operator", false),
            new Route("GET", "/gatehouse/scoring/learning", json, null, "operator", false),
            // no folder: the operator's answer is 400, nothing is imported
            new Route("POST", "/gatehouse/scoring/learning/import?as=spam", json, null, "operator", false),
            new Route("GET", "/mailQueues", json, null, "operator", false),
            new Route("GET", "/mailRepositories", json, null, "operator", false),
            new Route("GET", "/tasks", json, null, "read_only", false),
            new Route("GET", "/tasks/{k}", json, null, "read_only", true),
            new Route("GET", "/tasks/{k}/await?timeout=10s", json, null, "read_only", true),
            new Route("DELETE", "/tasks/{k}", json, null, "helpdesk", true),
            new Route("GET", "/domains", json, null, "operator", false),
            new Route("GET", "/users", json, null, "operator", false),
            new Route("GET", "/mappings", json, null, "operator", false),
            new Route("GET", "/domainMappings", json, null, "operator", false),
            new Route("GET", "/address/aliases", json, null, "operator", false),
            new Route("GET", "/mailRepositories/var%2Fmail%2Ferror%2F/mails", json, null, "operator", false),
            new Route("GET", "/mailQueues/spool/mails", json, null, "operator", false),
            new Route("GET", "/metrics", json, null, "operator", false),
            new Route("GET", "/gatehouse/scoring/spamassassin", json, null, "operator", false),
            // last: it deletes the account the {a} routes above address
            new Route("DELETE", "/gatehouse/accounts/{a}", json, null, "tenant_admin", true));
    }

    private static int call(Route route, String tenant, java.util.Optional<String> token) {
        String path = route.path().replace("{t}", tenant).replace("{q}", tenant + ITEM);
        if (path.contains("{k}")) {
            path = path.replace("{k}", tasks.computeIfAbsent(tenant, AccessMatrixTest::bulkTask));
        }
        path = path.replace("{m}", messages.getOrDefault(tenant, "no-record"));
        if (path.contains("{a}")) {
            path = path.replace("{a}", deskOf(tenant));
        }
        RequestSpecification request = webAdmin.anonymous()
            .config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                .encodeContentTypeAs("message/rfc822", io.restassured.http.ContentType.TEXT)))
            .contentType(route.contentType());
        if (token.isPresent()) {
            request = request.header("Authorization", "Bearer " + token.get());
        }
        if (route.body() != null) {
            request = request.body(route.body().replace("{t}", tenant));
        }
        return request.request(route.method(), path).statusCode();
    }

    @Test
    void everyRouteShouldAnswerEveryRoleOwnAndForeignTenantAndBadTokensAsTheTableSays() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Route route : routes()) {
            for (String tenant : List.of(OWN, FOREIGN)) {
                if (route.method().equals("DELETE") && route.path().equals("/gatehouse/tenants/{t}")) {
                    // the operator's delete of a tenant is checked below, once, on a tenant of its own
                    continue;
                }
                check(wrong, route, tenant, "no token", call(route, tenant, java.util.Optional.empty()), 401);
                check(wrong, route, tenant, "bad token", call(route, tenant, java.util.Optional.of("gh_0123456789abcdef_" + "A".repeat(43))), 401);
                checked += 2;
            }
            for (String role : ROLES) {
                for (String tenant : List.of(OWN, FOREIGN)) {
                    if (role.equals("operator") && route.method().equals("DELETE") && route.path().equals("/gatehouse/tenants/{t}")) {
                        continue;
                    }
                    int status = call(route, tenant, java.util.Optional.of(tokens.get(role)));
                    checked++;
                    boolean operator = role.equals("operator");
                    boolean enough = ROLES.indexOf(role) >= ROLES.indexOf(route.minimum());
                    // a tenant in the path is checked before the role; one in the query (a search) by the route, after it:
                    // either way a missing tenant gets the same answer, so none leaks
                    boolean inPath = route.path().contains("/{t}") || route.path().contains("{q}") || route.path().contains("{k}")
                        || route.path().contains("{m}");
                    if (!operator && route.tenantScoped() && tenant.equals(FOREIGN) && (inPath || enough)) {
                        check(wrong, route, tenant, role, status, 404);
                    } else if (enough) {
                        if (status == 401 || status == 403) {
                            wrong.add(route.method() + " " + route.path() + " as " + role + " on " + tenant + ": " + status + ", expected allowed");
                        }
                    } else {
                        check(wrong, route, tenant, role, status, 403);
                    }
                }
            }
        }
        webAdmin.createTenant("doomed", List.of("doomed.test"), downstream.port(), List.of());
        webAdmin.request().delete("/gatehouse/tenants/doomed").then().statusCode(204);

        // the one open route: load balancers call it without credentials
        for (String role : ROLES) {
            assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role)).get("/healthcheck").statusCode()).isNotIn(401, 403);
        }
        assertThat(webAdmin.anonymous().get("/healthcheck").statusCode()).isNotIn(401, 403);

        assertThat(wrong).as("answers that differ from the table (" + checked + " checked)").isEmpty();
        assertThat(checked).isGreaterThan(400);
    }

    @Test
    void everyWriteShouldLeaveExactlyOneAuditRecordWithItsAccountAndTheChangeOfConfiguration() {
        webAdmin.createTenant("audited", List.of("audited.test"), downstream.port(), List.of());
        // the task and the account the routes address are made before the records counted
        tasks.put("audited", bulkTask("audited"));
        deskOf("audited");
        long before = webAdmin.request().get("/gatehouse/audit?limit=1").then().statusCode(200).extract().jsonPath().getLong("[0].id");
        // every write route once, the tenant's deletion last
        List<Route> writes = new ArrayList<>(routes().stream().filter(route -> !route.method().equals("GET"))
            .filter(route -> !(route.method().equals("DELETE") && route.path().equals("/gatehouse/tenants/{t}"))).toList());
        writes.add(new Route("DELETE", "/gatehouse/tenants/{t}", "application/json", null, "operator", true));
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Route route : writes) {
            String target = route.path().replace("{t}", "audited").replace("{q}", "audited" + ITEM);
            if (target.contains("{k}")) {
                target = target.replace("{k}", tasks.computeIfAbsent("audited", AccessMatrixTest::bulkTask));
            }
            if (target.contains("{a}")) {
                target = target.replace("{a}", deskOf("audited"));
            }
            statuses.put(route.method() + " " + target, call(route, "audited", java.util.Optional.of(tokens.get("operator"))));
        }
        // and a refused one: a helpdesk may not change a policy
        int refused = call(new Route("PUT", "/gatehouse/tenants/{t}/policy", "application/json", "{}", "tenant_admin", true), OWN,
            java.util.Optional.of(tokens.get("helpdesk")));
        assertThat(refused).isEqualTo(403);

        List<Map<String, Object>> records = io.restassured.path.json.JsonPath.from(webAdmin.request().get("/gatehouse/audit?limit=1000")
            .then().statusCode(200).extract().asString()).getList("$");
        records = records.stream().filter(record -> ((Number) record.get("id")).longValue() > before).toList();
        for (Map.Entry<String, Integer> write : statuses.entrySet()) {
            String method = write.getKey().substring(0, write.getKey().indexOf(' '));
            String target = write.getKey().substring(write.getKey().indexOf(' ') + 1);
            assertThat(records).as(write.getKey()).filteredOn(record -> target.equals(
                    java.net.URLDecoder.decode(String.valueOf(record.get("target")), java.nio.charset.StandardCharsets.UTF_8))
                    && record.get("action").toString().startsWith(method + " ") && "operator".equals(record.get("account")))
                .singleElement().satisfies(record -> assertThat(record.get("status")).isEqualTo(write.getValue()));
        }
        assertThat(records).filteredOn(record -> "/gatehouse/tenants/audited/policy".equals(record.get("target"))
            && record.get("action").toString().startsWith("PUT ")).singleElement().satisfies(record -> {
                assertThat(record.get("before")).as(record.toString()).isNotNull();
                assertThat(record.get("before").toString()).contains("policy.description");
                assertThat(record.get("after").toString()).contains("\"policy.description\":\"matrix\"");
                assertThat(record.get("tenant")).isEqualTo("audited");
            });
        assertThat(records).anySatisfy(record -> {
            assertThat(record.get("account")).isEqualTo("matrix-helpdesk");
            assertThat(record.get("target")).isEqualTo("/gatehouse/tenants/own/policy");
            assertThat(record.get("status")).isEqualTo(403);
        });
    }

    @Test
    void aHelpdeskReleaseShouldNotChangeTheTenantsAllowList() {
        String path = "/gatehouse/quarantine/" + OWN + ITEM + "/release";
        // refused for the list change before the message is looked for; a tenant administrator gets to the lookup
        webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get("helpdesk")).body("{\"allowSender\": true}").post(path)
            .then().statusCode(403);
        webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get("helpdesk")).body("{}").post(path).then().statusCode(404);
        webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get("tenant_admin")).body("{\"allowSender\": true}").post(path)
            .then().statusCode(404);
    }

    @Test
    void tasksShouldShowAnAccountOnlyTheTasksOverItsTenants() {
        String own = bulkTask(OWN);
        String foreign = bulkTask(FOREIGN);
        // a helpdesk's bulk task runs over its only tenant without naming it
        String helpdesks = webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get("helpdesk"))
            .post("/gatehouse/quarantine?action=delete&sender=nobody@matrix.example").then().statusCode(201).extract().jsonPath().getString("taskId");
        String everyTenant = webAdmin.request().post("/gatehouse/quarantine?action=delete&sender=nobody@matrix.example")
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        for (String task : List.of(own, foreign, helpdesks, everyTenant)) {
            webAdmin.request().get("/tasks/" + task + "/await?timeout=30s").then().statusCode(200);
        }

        for (String role : ROLES.subList(0, 3)) {
            io.restassured.path.json.JsonPath listed = webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role))
                .get("/tasks").then().statusCode(200).extract().jsonPath();
            assertThat(listed.getList("taskId", String.class)).as(role).contains(own, helpdesks).doesNotContain(foreign, everyTenant);
            assertThat(listed.getList("additionalInformation.tenant", String.class)).as(role).containsOnly(OWN);
            // James's filters and paging apply to the narrowed list
            assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role)).get("/tasks?limit=1&status=completed")
                .then().statusCode(200).extract().jsonPath().getList("taskId", String.class)).hasSize(1).isSubsetOf(listed.getList("taskId", String.class));
            assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role)).get("/tasks?type=gatehouse-quarantine-index-rebuild")
                .then().statusCode(200).extract().jsonPath().getList("taskId", String.class)).isEmpty();
            webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role)).get("/tasks/" + helpdesks).then().statusCode(200);
            for (String hidden : List.of(foreign, everyTenant)) {
                assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get(role)).get("/tasks/" + hidden).then()
                    .statusCode(404).extract().jsonPath().getString("message")).isEqualTo(hidden + " can not be found");
            }
        }
        assertThat(webAdmin.request().get("/tasks").then().statusCode(200).extract().jsonPath().getList("taskId", String.class))
            .contains(own, foreign, helpdesks, everyTenant);

        // the tenant's administrator finds its helpdesk's bulk task and the refused look at another tenant's in the audit log
        List<Map<String, Object>> audit = webAdmin.anonymous().header("Authorization", "Bearer " + tokens.get("tenant_admin"))
            .get("/gatehouse/audit?limit=1000").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(audit).anySatisfy(record -> {
            assertThat(record.get("account")).isEqualTo("matrix-helpdesk");
            assertThat(record.get("action").toString()).startsWith("POST /gatehouse/quarantine");
            assertThat(record.get("tenant")).isEqualTo(OWN);
        });
        assertThat(webAdmin.request().get("/gatehouse/audit?limit=1000").then().statusCode(200).extract().jsonPath().getList("$",
            Map.class)).anySatisfy(record -> {
                assertThat(record.get("target")).isEqualTo("/tasks/" + foreign);
                assertThat(record.get("status")).isEqualTo(404);
                assertThat(record.get("tenant")).isEqualTo(FOREIGN);
            });
    }

    /** A helpdesk account of the tenant, made by the operator on first use (the {a} routes' account). */
    private static String deskOf(String tenant) {
        String login = "desk-of-" + tenant;
        if (webAdmin.request().get("/gatehouse/accounts/" + login).statusCode() == 404) {
            webAdmin.request().body(Map.of("role", "helpdesk", "tenants", List.of(tenant))).put("/gatehouse/accounts/" + login).then().statusCode(201);
        }
        return login;
    }

    private static String bulkTask(String tenant) {
        return webAdmin.request().post("/gatehouse/quarantine?action=delete&tenant=" + tenant + "&sender=task@matrix.example")
            .then().statusCode(201).extract().jsonPath().getString("taskId");
    }

    private static void check(List<String> wrong, Route route, String tenant, String who, int status, int expected) {
        if (status != expected) {
            wrong.add(route.method() + " " + route.path() + " as " + who + " on " + tenant + ": " + status + ", expected " + expected);
        }
    }
}
