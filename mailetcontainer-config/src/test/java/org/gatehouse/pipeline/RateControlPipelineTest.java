package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate control in the SMTP conversation: the N+1th message from one IP inside the window gets 452 4.7.1 before
 * anything is accepted, the sliding window lets it through later, a tenant's own limit answers at RCPT, the
 * connections one IP may hold are capped with 421, refusals are counted per IP, and two gateways on one PostgreSQL
 * database enforce one limit together.
 */
class RateControlPipelineTest {
    @TempDir
    Path workDir;

    private static String message(String to, String subject) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + UUID.randomUUID() + "@sender.test>\r\n\r\nHello.\r\n";
    }

    private static SmtpClient.Reply send(GatewayProcess gateway, String to, String subject) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            SmtpClient.Reply mail = smtp.mailFrom("alice@sender.test");
            if (!mail.positive()) {
                return mail;
            }
            SmtpClient.Reply rcpt = smtp.rcptTo(to);
            if (!rcpt.positive()) {
                return rcpt;
            }
            return smtp.data(message(to, subject));
        }
    }

    @Test
    void theOperatorsInboundLimitShouldAnswer452AtMailFromAndSlide() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "rate.inbound.messages=2\nrate.inbound.window=8s\n");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("rate", List.of("rate.example"), downstream.port(), List.of());

            assertThat(send(gateway, "bob@rate.example", "one").code()).isEqualTo(250);
            assertThat(send(gateway, "bob@rate.example", "two").code()).isEqualTo(250);
            SmtpClient.Reply refused = send(gateway, "bob@rate.example", "three");

            assertThat(refused.code()).isEqualTo(452);
            assertThat(refused.text()).contains("4.7.1", "Too much mail from 127.0.0.1", "limit of 2 messages per 8s");
            List<Map<String, Object>> counted = webAdmin.request().get("/gatehouse/rate-limited").then().statusCode(200)
                .extract().jsonPath().getList("");
            assertThat(counted).singleElement().satisfies(row -> {
                assertThat(row).containsEntry("clientIp", "127.0.0.1").containsEntry("direction", "inbound");
                assertThat(((Number) row.get("attempts")).longValue()).isEqualTo(1);
            });

            // the window slides: once the first message is older than 8 s, one more is admitted
            SmtpClient.Reply later = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(gateway, "bob@rate.example", "later"), reply -> reply.code() == 250);
            assertThat(later.code()).isEqualTo(250);
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 3);
            assertThat(downstream.received()).extracting(received -> received.content())
                .noneMatch(content -> content.contains("Subject: three"));
        }
    }

    @Test
    void aTenantsInboundLimitShouldAnswer452AtRcptAndTheConnectionCapShouldAnswer421() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "rate.maxConnectionsPerIp=3\n");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("strict", List.of("strict.example"), downstream.port(), List.of());
            webAdmin.createTenant("open", List.of("open.example"), downstream.port(), List.of());
            webAdmin.request().body("{\"rate\": {\"inbound\": {\"messages\": 1, \"window\": \"30m\"}}}")
                .put("/gatehouse/tenants/strict/policy").then().statusCode(200);
            webAdmin.request().body("{\"rate\": {\"inbound\": {\"messages\": 0}}}")
                .put("/gatehouse/tenants/open/policy").then().statusCode(400);

            assertThat(send(gateway, "bob@strict.example", "first").code()).isEqualTo(250);
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
                SmtpClient.Reply strict = smtp.rcptTo("bob@strict.example");
                assertThat(strict.code()).isEqualTo(452);
                assertThat(strict.text()).contains("4.7.1", "limit of 1 messages per 30m").doesNotContain("strict");
                assertThat(smtp.rcptTo("carol@open.example").code()).isEqualTo(250);
                assertThat(smtp.data(message("carol@open.example", "second")).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
            assertThat(downstream.received()).extracting(received -> received.recipient())
                .containsExactlyInAnyOrder("bob@strict.example", "carol@open.example");

            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket socket = new Socket("127.0.0.1", gateway.smtpPort());
                    open.add(socket);
                    assertThat(firstLine(socket)).startsWith("220 ");
                }
                try (Socket fourth = new Socket("127.0.0.1", gateway.smtpPort())) {
                    assertThat(firstLine(fourth)).startsWith("421 4.7.0 Too many connections from 127.0.0.1");
                }
                open.remove(0).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (Socket again = new Socket("127.0.0.1", gateway.smtpPort())) {
                        return firstLine(again).startsWith("220 ");
                    }
                });
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    private static String firstLine(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    @EnabledIfSystemProperty(named = "gatehouse.test.postgresql.url", matches = ".+")
    void twoGatewaysOnOnePostgresqlDatabaseShouldEnforceOneLimitTogether() throws Exception {
        String url = System.getProperty("gatehouse.test.postgresql.url");
        String database = "gh_rate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(url, "CREATE DATABASE " + database);
        String databaseUrl = url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        String properties = "store.jdbc.url=" + databaseUrl + "\nrate.store=database\nrate.inbound.messages=3\nrate.inbound.window=30m\n";
        ShippedConfiguration.write(workDir.resolve("one"), "gatehouse.properties", properties);
        ShippedConfiguration.write(workDir.resolve("two"), "gatehouse.properties", properties);
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess one = GatewayProcess.start(workDir.resolve("one"))) {
            // created before the second node starts, so both know the tenant from their first message
            new WebAdmin(one.webAdminPort()).createTenant("shared", List.of("shared.example"), downstream.port(), List.of());
            try (GatewayProcess two = GatewayProcess.start(workDir.resolve("two"))) {
                sharedLimit(downstream, one, two);
            }
        } finally {
            admin(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            admin(url, "DROP DATABASE IF EXISTS " + database);
        }
    }

    private static void sharedLimit(DownstreamSmtpServer downstream, GatewayProcess one, GatewayProcess two) throws Exception {
        assertThat(send(two, "bob@shared.example", "1").code()).isEqualTo(250);

        assertThat(send(one, "bob@shared.example", "2").code()).isEqualTo(250);
        assertThat(send(two, "bob@shared.example", "3").code()).isEqualTo(250);
        assertThat(send(one, "bob@shared.example", "4").code()).isEqualTo(452);
        assertThat(send(two, "bob@shared.example", "5").code()).isEqualTo(452);

        await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 3);
        List<Map<String, Object>> counted = new WebAdmin(two.webAdminPort()).request().get("/gatehouse/rate-limited")
            .then().statusCode(200).extract().jsonPath().getList("");
        assertThat(counted).singleElement().satisfies(row -> assertThat(((Number) row.get("attempts")).longValue()).isEqualTo(2));
    }

    private static void admin(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
