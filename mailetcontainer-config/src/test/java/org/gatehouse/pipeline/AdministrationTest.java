package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** WebAdmin's accounts, tokens, authentication, lockouts and audit log on the shipped gateway (docs/administration.md). */
class AdministrationTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;

    @BeforeAll
    static void startGateway() throws Exception {
        downstream = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        // a short lockout, so that the test sees it end
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "webadmin.auth.lockout=6s\n");
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("adm", List.of("adm.test"), downstream.port(), List.of());
        webAdmin.createTenant("other", List.of("other.test"), downstream.port(), List.of());
    }

    private static String tokenFor(String login, String role) {
        webAdmin.request().body(Map.of("role", role, "tenants", List.of("adm"))).put("/gatehouse/accounts/" + login).then().statusCode(201);
        return webAdmin.request().body("{}").post("/gatehouse/accounts/" + login + "/tokens").then().statusCode(201).extract().jsonPath()
            .getString("token");
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        downstream.close();
    }

    private static List<Map<String, Object>> audit(String query) {
        return JsonPath.from(webAdmin.request().get("/gatehouse/audit?limit=1000&" + query).then().statusCode(200).extract().asString())
            .getList("$");
    }

    @Test
    void firstStartShouldWriteTheOperatorTokenForItsOwnerOnly() throws Exception {
        Path token = workDir.resolve("gateway").resolve("operator.token");

        assertThat(Files.getPosixFilePermissions(token)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(token).trim();
        assertThat(gateway.output()).contains("WebAdmin operator token", token.toString()).doesNotContain(secret);
    }

    @Test
    void everyRouteButTheHealthCheckShouldNeedAValidToken() {
        for (String path : List.of("/gatehouse/tenants", "/gatehouse/tenants/adm/policy", "/gatehouse/quarantine", "/gatehouse/messages",
            "/gatehouse/reports/summary", "/gatehouse/accounts", "/gatehouse/audit", "/mailQueues", "/mailRepositories", "/tasks",
            "/domains", "/metrics")) {
            webAdmin.anonymous().get(path).then().statusCode(401);
            webAdmin.anonymous().header("Authorization", "Bearer gh_0123456789abcdef_" + "x".repeat(43)).get(path).then().statusCode(401);
            webAdmin.request().get(path).then().statusCode(200);
        }
        Response missing = webAdmin.anonymous().put("/gatehouse/tenants/nobody");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.jsonPath().getInt("statusCode")).isEqualTo(401);
        assertThat(missing.jsonPath().getString("message")).contains("Bearer");
        webAdmin.anonymous().get("/healthcheck").then().statusCode(200);

        assertThat(audit("action=" + "PUT /gatehouse/tenants/:tenantId")).anySatisfy(record -> {
            assertThat(record.get("status")).isEqualTo(401);
            assertThat(record.get("account")).isNull();
            assertThat(record.get("target")).isEqualTo("/gatehouse/tenants/nobody");
        });
    }

    @Test
    void writesShouldBeAuditedWithTheAccountAndAuthorTheChangeWhateverTheHeaderSays() {
        webAdmin.request().header("X-Gatehouse-Author", "mallory").body("{\"description\": \"by the operator\"}")
            .put("/gatehouse/tenants/adm/policy?comment=audited").then().statusCode(200);

        assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/tenants/adm/policy").then().statusCode(200).extract().asString())
            .getString("author")).isEqualTo("operator");
        assertThat(audit("account=operator&tenant=adm&action=PUT /gatehouse/tenants/:tenantId/policy")).first().satisfies(record -> {
            assertThat(record.get("account")).isEqualTo("operator");
            assertThat(record.get("role")).isEqualTo("operator");
            assertThat(record.get("clientIp")).isEqualTo("127.0.0.1");
            assertThat(record.get("status")).isEqualTo(200);
            assertThat(record.get("target")).isEqualTo("/gatehouse/tenants/adm/policy?comment=audited");
            assertThat(record.get("before").toString()).contains("\"policy.description\":").doesNotContain("by the operator");
            assertThat(record.get("after").toString()).contains("\"policy.description\":\"by the operator\"");
        });
    }

    @Test
    void tokensShouldBeShownOnceAndStopWorkingWhenRevoked() {
        webAdmin.request().body(Map.of("role", "operator")).put("/gatehouse/accounts/script").then().statusCode(201);
        JsonPath issued = webAdmin.request().body(Map.of("description", "nightly export", "expiresInDays", 30))
            .post("/gatehouse/accounts/script/tokens").then().statusCode(201).extract().jsonPath();
        String token = issued.getString("token");

        webAdmin.anonymous().header("Authorization", "Bearer " + token).get("/gatehouse/tenants").then().statusCode(200);
        assertThat(webAdmin.request().get("/gatehouse/accounts/script/tokens").then().statusCode(200).extract().asString())
            .contains("nightly export", issued.getString("id")).doesNotContain(token.substring(token.lastIndexOf('_') + 1));

        webAdmin.request().delete("/gatehouse/accounts/script/tokens/" + issued.getString("id")).then().statusCode(204);

        webAdmin.anonymous().header("Authorization", "Bearer " + token).get("/gatehouse/tenants").then().statusCode(401);
        webAdmin.request().delete("/gatehouse/accounts/script").then().statusCode(204);
    }

    @Test
    void accountsShouldRefuseABadRoleAPasswordTooShortAndAnUnknownTenantWithTheFieldPath() {
        assertThat(webAdmin.request().body(Map.of("role", "root")).put("/gatehouse/accounts/x1").then().statusCode(400).extract()
            .jsonPath().getString("message")).contains("'role'");
        assertThat(webAdmin.request().body(Map.of("role", "operator", "password", "short")).put("/gatehouse/accounts/x1").then()
            .statusCode(400).extract().jsonPath().getString("message")).contains("'password'", "at least 12");
        assertThat(webAdmin.request().body(Map.of("role", "helpdesk", "tenants", List.of("adm", "nosuch"))).put("/gatehouse/accounts/x1")
            .then().statusCode(400).extract().jsonPath().getString("message")).contains("'tenants[1]'", "no tenant nosuch");
        webAdmin.request().get("/gatehouse/accounts/x1").then().statusCode(404);
        assertThat(webAdmin.request().delete("/gatehouse/accounts/operator").then().statusCode(409).extract().jsonPath().getString("message"))
            .contains("last operator");
    }

    @Test
    void aTenantAdministratorShouldChangeItsOwnPolicyOnlyAndNotSeeOtherTenants() {
        String admin = tokenFor("acme-admin", "tenant_admin");

        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body("{\"description\": \"mine\"}")
            .put("/gatehouse/tenants/adm/policy").then().statusCode(200);
        assertThat(JsonPath.from(webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/tenants").then()
            .statusCode(200).extract().asString()).getList("id")).containsExactly("adm");
        // another tenant answers exactly as a missing one
        Response foreign = webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/tenants/other/policy");
        Response missing = webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/tenants/nosuch/policy");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.jsonPath().getString("message")).isEqualTo(missing.jsonPath().getString("message").replace("nosuch", "other"));
        assertThat(missing.statusCode()).isEqualTo(404);
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body("{\"description\": \"theirs\"}")
            .put("/gatehouse/tenants/other/policy").then().statusCode(404);
        // the tenant's record (domains, downstream) and the operator's routes stay the operator's
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).delete("/gatehouse/tenants/adm").then().statusCode(403);
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/mailQueues").then().statusCode(403);

        assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/tenants/other/policy").then().statusCode(200).extract().asString())
            .getString("policy.description")).isNull();
        assertThat(audit("account=acme-admin")).extracting(record -> record.get("status")).contains(200, 404, 403);
    }

    @Test
    void aTenantAdministratorShouldChangeItsSettingsAndLowerAccountsButNotItsRoutingOrOthers() {
        String admin = tokenFor("adm-boss", "tenant_admin");
        Map<String, Object> downstreamRoute = Map.of("host", "127.0.0.1", "port", downstream.port(), "requireTls", false);

        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body(Map.of("name", "Adm renamed", "domains", List.of("adm.test"),
            "downstream", downstreamRoute, "relayClients", List.of("198.51.100.0/24"))).put("/gatehouse/tenants/adm").then().statusCode(200);
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body(Map.of("name", "Adm", "domains", List.of("adm.test", "evil.test"),
            "downstream", downstreamRoute, "relayClients", List.of())).put("/gatehouse/tenants/adm").then().statusCode(403);
        assertThat(webAdmin.request().get("/gatehouse/tenants/adm").then().statusCode(200).extract().jsonPath().getList("domains"))
            .containsExactly("adm.test");

        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body(Map.of("role", "helpdesk", "tenants", List.of("adm")))
            .put("/gatehouse/accounts/adm-desk").then().statusCode(201);
        assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + admin).body(Map.of("role", "operator"))
            .put("/gatehouse/accounts/adm-root").then().statusCode(400).extract().jsonPath().getString("message")).contains("'role'");
        assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + admin).body(Map.of("role", "helpdesk", "tenants", List.of("other")))
            .put("/gatehouse/accounts/adm-spy").then().statusCode(400).extract().jsonPath().getString("message"))
            .contains("'tenants[0]'", "no tenant other");
        assertThat(JsonPath.from(webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/accounts").then()
            .statusCode(200).extract().asString()).getList("login", String.class)).contains("adm-desk").doesNotContain("operator", "adm-boss");
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/accounts/operator").then().statusCode(404);
        webAdmin.anonymous().header("Authorization", "Bearer " + admin).body("{}").post("/gatehouse/accounts/operator/tokens").then()
            .statusCode(404);

        assertThat(JsonPath.from(webAdmin.anonymous().header("Authorization", "Bearer " + admin).get("/gatehouse/audit?limit=1000").then()
            .statusCode(200).extract().asString()).getList("tenant", String.class)).isNotEmpty().allMatch("adm"::equals);
    }

    @Test
    void helpdeskAndReadOnlyAccountsShouldReadTheirTenantButChangeNothing() {
        for (String role : List.of("helpdesk", "read_only")) {
            String token = tokenFor("desk-" + role.replace('_', '-'), role);

            webAdmin.anonymous().header("Authorization", "Bearer " + token).get("/gatehouse/tenants/adm/policy").then().statusCode(200);
            webAdmin.anonymous().header("Authorization", "Bearer " + token).body("{}").put("/gatehouse/tenants/adm/policy").then()
                .statusCode(403);
            webAdmin.anonymous().header("Authorization", "Bearer " + token).get("/gatehouse/tenants/other").then().statusCode(404);
            // searches are narrowed to the account's tenant; another tenant answers as a missing one
            for (String search : List.of("/gatehouse/quarantine", "/gatehouse/messages", "/gatehouse/reports/summary")) {
                webAdmin.anonymous().header("Authorization", "Bearer " + token).get(search).then().statusCode(200);
                webAdmin.anonymous().header("Authorization", "Bearer " + token).get(search + "?tenant=other").then().statusCode(404);
            }
            String foreign = "other.spam.0f8fad5b-d9cb-469f-a165-70867728950e";
            assertThat(webAdmin.anonymous().header("Authorization", "Bearer " + token).get("/gatehouse/quarantine/" + foreign).then()
                .statusCode(404).extract().jsonPath().getString("message"))
                .isEqualTo(webAdmin.request().get("/gatehouse/quarantine/" + foreign).then().statusCode(404).extract().jsonPath().getString("message"));
        }
        // the operator's messages of every tenant are not the helpdesk's
        assertThat(JsonPath.from(webAdmin.anonymous().header("Authorization", "Bearer " + tokenFor("desk-log", "helpdesk"))
            .get("/gatehouse/messages?limit=1000").then().statusCode(200).extract().asString()).getList("tenant", String.class))
            .allMatch(tenant -> tenant == null || tenant.equals("adm"));
    }

    @Test
    void theSelfServicePageShouldBePrintedAndLockAnIpOutAfterFiftyUnusableLinks() throws Exception {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("Gatehouse quarantine self-service page listening on http://([^:]+):(\\d+)")
            .matcher(gateway.output());
        assertThat(line.find()).as("the start-up lines name the self-service page").isTrue();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI page = java.net.URI.create("http://127.0.0.1:" + line.group(2) + "/quarantine/self-service?token=not-a-token");

        for (int attempt = 0; attempt < 50; attempt++) {
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(page).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
        }

        assertThat(http.send(java.net.http.HttpRequest.newBuilder(page).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(429);
    }

    @Test
    void webAdminShouldServeHttpsWithTheOperatorsKeystoreAsDocumented() throws Exception {
        Path dataDir = workDir.resolve("https");
        Path keystore = dataDir.resolve("conf").resolve("tls").resolve("webadmin.p12");
        Files.createDirectories(keystore.getParent());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
            "-alias", "webadmin", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "test-keystore-secret").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        ShippedConfiguration.write(dataDir, "webadmin.properties", ShippedConfiguration.replace(ShippedConfiguration.read("webadmin.properties"),
            "https.enabled=false", "https.enabled=true\nhttps.keystore=" + keystore + "\nhttps.password=test-keystore-secret"));

        try (GatewayProcess secure = GatewayProcess.start(dataDir)) {
            assertThat(secure.output()).contains("Gatehouse WebAdmin listening on https://127.0.0.1:" + secure.webAdminPort());
            WebAdmin admin = new WebAdmin(secure.webAdminPort());
            admin.request().get("/gatehouse/tenants").then().statusCode(200);
            admin.anonymous().get("/gatehouse/tenants").then().statusCode(401);
            admin.anonymous().get("/healthcheck").then().statusCode(200);
            int plainStatus;
            try {
                plainStatus = io.restassured.RestAssured.given().port(secure.webAdminPort()).get("/healthcheck").statusCode();
            } catch (Exception e) {
                plainStatus = -1;
            }
            assertThat(plainStatus).as("plain HTTP on the HTTPS port").isNotEqualTo(200);
        }
    }

    @Test
    void fiftyWrongPasswordsShouldLockTheIpOutUntilTheLockoutEndsAndBeRecorded() {
        webAdmin.request().body(Map.of("role", "read_only", "tenants", List.of("adm"), "password", PASSWORD)).put("/gatehouse/accounts/alice")
            .then().statusCode(201);
        Map<String, String> right = Map.of("login", "alice", "password", PASSWORD);
        String session = webAdmin.anonymous().body(right).post("/gatehouse/auth/token").then().statusCode(201).extract().jsonPath()
            .getString("token");
        webAdmin.anonymous().header("Authorization", "Bearer " + session).get("/gatehouse/tenants").then().statusCode(200);

        for (int attempt = 0; attempt < 50; attempt++) {
            webAdmin.anonymous().body(Map.of("login", "alice", "password", "wrong password " + attempt)).post("/gatehouse/auth/token")
                .then().statusCode(401);
        }
        assertThat(webAdmin.anonymous().body(right).post("/gatehouse/auth/token").then().statusCode(401).extract().jsonPath()
            .getString("message")).contains("Too many failed logins");

        String again = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response answer = webAdmin.anonymous().body(right).post("/gatehouse/auth/token");
            return answer.statusCode() == 201 ? answer.jsonPath().getString("token") : null;
        }, token -> token != null);
        webAdmin.anonymous().header("Authorization", "Bearer " + again).get("/gatehouse/tenants").then().statusCode(200);

        List<Map<String, Object>> logins = audit("account=alice&action=POST /gatehouse/auth/token");
        assertThat(logins).filteredOn(record -> record.get("status").equals(401)).hasSizeGreaterThanOrEqualTo(51);
        assertThat(logins).filteredOn(record -> record.get("status").equals(201)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(audit("action=LOCKOUT client_ip")).anySatisfy(record -> assertThat(record.get("target").toString()).startsWith("127.0.0.1"));
    }
}
