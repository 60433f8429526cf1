package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/**
 * The gateway in PostgreSQL mode against a real PostgreSQL server (started by ./gatehouse test), and failing
 * closed when the database goes away: SMTP answers 451, WebAdmin 503, mail already accepted waits in the queue
 * and is delivered, and logged, once the database is back.
 */
@EnabledIfSystemProperty(named = "gatehouse.test.postgresql.url", matches = ".+")
class PostgresqlModeTest {
    private static final String URL = System.getProperty("gatehouse.test.postgresql.url");

    @TempDir
    Path workDir;
    String database;
    String databaseUrl;

    @BeforeEach
    void createDatabase() throws Exception {
        database = "gh_mode_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        databaseUrl = URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        admin("DROP DATABASE IF EXISTS " + database);
    }

    private void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void databaseDown() throws Exception {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }

    private void databaseUp() throws Exception {
        admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    private static String message(String subject) {
        return "From: a@sender.example\r\nTo: r@pg.test\r\nSubject: " + subject + "\r\n\r\n" + subject + "\r\n";
    }

    @Test
    void theGatewayShouldRunOnPostgresqlAndFailClosedWhileItIsDown() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "store.jdbc.url=" + databaseUrl + "\n");
        String pipeline = ShippedConfiguration.read("mailetcontainer.xml");
        pipeline = ShippedConfiguration.replace(pipeline, "<relayDeniedProcessor>relay-denied</relayDeniedProcessor>",
            "<relayDeniedProcessor>relay-denied</relayDeniedProcessor>\n                <deferDelay>1</deferDelay>");
        pipeline = ShippedConfiguration.replace(pipeline, "<write>withOutcome</write>",
            "<write>withOutcome</write>\n                <deferDelay>1</deferDelay>");
        pipeline = ShippedConfiguration.replace(pipeline, "<outgoing>downstream</outgoing>",
            "<outgoing>downstream</outgoing>\n                <deferDelay>1</deferDelay>");
        pipeline = ShippedConfiguration.replace(pipeline, "<disposition>delivered</disposition>",
            "<disposition>delivered</disposition>\n                <deferDelay>1</deferDelay>");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);

        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("pg", List.of("pg.test"), downstream.port(), List.of());
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send("a@sender.example", List.of("r@pg.test"), message("before")).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages("recipient=r@pg.test").stream()
                .anyMatch(record -> "delivered".equals(record.get("disposition"))));
            try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM gh_message_log")) {
                count.next();
                assertThat(count.getInt(1)).as("the message log is in PostgreSQL").isEqualTo(1);
            }

            // The tenant snapshot is fresh (a write reloads it): mail is accepted and routed; delivery finds the
            // database not answering, so its record cannot be written: it waits in the queue, undelivered.
            webAdmin.createTenant("pg2", List.of("pg2.test"), downstream.port(), List.of());
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.mailFrom("a@sender.example").code()).isEqualTo(250);
                assertThat(smtp.rcptTo("r@pg.test").code()).isEqualTo(250);
                databaseDown();
                assertThat(smtp.data(message("during")).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().contains("Policy database unavailable"));
            assertThat(downstream.received()).hasSize(1);

            // Once the snapshot is older than its 5 s maximum age, new mail is refused for now, never for good.
            Thread.sleep(6000);
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                SmtpClient.Reply reply = smtp.mailFrom("a@sender.example");
                assertThat(reply.code()).isEqualTo(451);
                assertThat(reply.text()).contains("4.3.0");
            }
            webAdmin.request().body(Map.of("name", "x", "domains", List.of("pg3.test"),
                    "downstream", Map.of("host", "127.0.0.1", "port", 25)))
                .put("/gatehouse/tenants/pg3").then().statusCode(503);
            assertThat(downstream.received()).hasSize(1);

            databaseUp();
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
            assertThat(downstream.received().get(1).content()).contains("Subject: during");
            await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=r@pg.test").stream()
                .filter(record -> "delivered".equals(record.get("disposition"))).count() == 2);
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send("a@sender.example", List.of("r@pg.test"), message("after")).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 3);
        }
    }

    @Test
    void retentionShouldDeleteTheRecordsReceivedLongerAgoThanTheRetentionWhileMailFlows() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "store.jdbc.url=" + databaseUrl + "\n"
            + "messageLog.retentionDays=30\nmessageLog.retention.interval=1s\nmessageLog.retention.batchSize=2\n");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("pg", List.of("pg.test"), downstream.port(), List.of());
            for (String subject : List.of("old one", "old two", "old three")) {
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                    assertThat(smtp.send("a@sender.example", List.of("r@pg.test"), message(subject)).code()).isEqualTo(250);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=r@pg.test").stream()
                .filter(record -> "delivered".equals(record.get("disposition"))).count() == 3);
            List<Object> oldIds = webAdmin.messages("recipient=r@pg.test").stream().map(record -> record.get("id")).toList();
            // as if received 40 days ago
            try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE gh_message_log SET received_at = received_at - INTERVAL '40 days'")).isEqualTo(3);
            }

            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send("a@sender.example", List.of("r@pg.test"), message("recent")).code()).isEqualTo(250);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=r@pg.test").size() == 1);
            assertThat(webAdmin.messages("recipient=r@pg.test")).singleElement()
                .satisfies(record -> assertThat(oldIds).doesNotContain(record.get("id")));
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 4);
            try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
                 ResultSet orphans = statement.executeQuery(
                     "SELECT COUNT(*) FROM gh_message_recipient r WHERE NOT EXISTS (SELECT 1 FROM gh_message_log l WHERE l.id = r.log_id)")) {
                assertThat(orphans.next()).isTrue();
                assertThat(orphans.getInt(1)).isZero();
            }
        }
    }
}
