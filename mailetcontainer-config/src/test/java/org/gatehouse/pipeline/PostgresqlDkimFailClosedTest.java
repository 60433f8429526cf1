package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.james.jdkim.DKIMVerifier;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * DKIM signing fails closed in the running gateway (PostgreSQL mode, so that the test can break the stored key): mail
 * of a domain whose active key cannot be read waits in the queue instead of leaving unsigned, and leaves signed once
 * the tenant administrator activates a new key.
 */
@EnabledIfSystemProperty(named = "gatehouse.test.postgresql.url", matches = ".+")
class PostgresqlDkimFailClosedTest {
    private static final String URL = System.getProperty("gatehouse.test.postgresql.url");
    private static final String KEYS = "/gatehouse/tenants/failco/dkim/failco.test";

    @TempDir
    Path workDir;
    String database;
    String databaseUrl;

    @BeforeEach
    void createDatabase() throws Exception {
        database = "gh_dkim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(URL, "CREATE DATABASE " + database);
        databaseUrl = URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        admin(URL, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        admin(URL, "DROP DATABASE IF EXISTS " + database);
    }

    private static void admin(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void mailShouldWaitRatherThanLeaveUnsignedWhenTheActiveKeyIsUnreadableAndLeaveSignedWithTheNextKey() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        try (DownstreamSmtpServer smartHost = DownstreamSmtpServer.start(); DownstreamSmtpServer tenantServer = DownstreamSmtpServer.start()) {
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "store.jdbc.url=" + databaseUrl + "\n");
            String pipeline = ShippedConfiguration.withOutboundSmartHost(ShippedConfiguration.read("mailetcontainer.xml"), "127.0.0.1",
                smartHost.port());
            pipeline = ShippedConfiguration.replace(pipeline, "<mailet match=\"All\" class=\"org.gatehouse.mailets.SignDkim\">",
                "<mailet match=\"All\" class=\"org.gatehouse.mailets.SignDkim\">\n                <deferDelay>1</deferDelay>");
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("failco", List.of("failco.test"), tenantServer.port(), List.of("127.0.0.0/8"));
                webAdmin.request().body("{\"selector\": \"broken\"}").post(KEYS).then().statusCode(201);
                webAdmin.request().post(KEYS + "/broken/activate").then().statusCode(200);
                admin(databaseUrl, "UPDATE gh_dkim_key SET private_key = 'AAAA' WHERE selector = 'broken'");

                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "desk.failco.test")) {
                    assertThat(smtp.send("sales@failco.test", List.of("buyer@customer.example"), "From: sales@failco.test\r\n"
                        + "To: buyer@customer.example\r\nSubject: waiting\r\nMessage-ID: <waiting@failco.test>\r\n\r\nSigned or not at all.\r\n")
                        .code()).isEqualTo(250);
                }
                // the mail went back to the queue: the key could not be read
                await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().contains("DKIM key unreadable"));
                assertThat(smartHost.received()).isEmpty();
                JsonPath fixed = webAdmin.request().body("{\"selector\": \"fixed\"}").post(KEYS).then().statusCode(201).extract().jsonPath();
                webAdmin.request().post(KEYS + "/fixed/activate").then().statusCode(200);

                // the first copy the receiver gets is signed with the new key: none left unsigned meanwhile
                DownstreamSmtpServer.Received received = await().atMost(Duration.ofSeconds(90))
                    .until(smartHost::received, list -> !list.isEmpty()).get(0);
                try (LoopbackDnsServer dns = LoopbackDnsServer.builder()
                    .record(fixed.getString("dnsName") + ". 300 IN TXT " + String.join(" ", fixed.getList("txtStrings", String.class)
                        .stream().map(string -> "\"" + string + "\"").toList()))
                    .start(workDir.resolve("dns"))) {
                    assertThat(new DKIMVerifier(DkimSigningPipelineTest.retriever(dns)).verify(new ByteArrayInputStream(received.data())))
                        .singleElement().satisfies(signature -> assertThat(signature.getSelector().toString()).isEqualTo("fixed"));
                }
                assertThat(smartHost.received()).hasSize(1);
            }
        }
    }
}
