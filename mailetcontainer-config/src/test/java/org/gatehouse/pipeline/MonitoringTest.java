package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.PrometheusText;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} and the health checks of the shipped gateway (docs/monitoring.md). */
class MonitoringTest {
    private static final String MESSAGES = "gatehouse_messages_total";

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;

    @BeforeAll
    static void startGateway() throws Exception {
        downstream = DownstreamSmtpServer.start();
        gateway = GatewayProcess.start(workDir.resolve("gateway"));
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("mon", List.of("mon.test"), downstream.port(), List.of("203.0.113.0/24"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        downstream.close();
    }

    private static List<PrometheusText.Sample> scrape() throws Exception {
        String text = webAdmin.request().get("/metrics").then().statusCode(200)
            .contentType("text/plain; version=0.0.4; charset=utf-8").extract().asString();
        return PrometheusText.parse(text);
    }

    @Test
    void metricsShouldCountDeliveredMailAndRefusalsByExactlyWhatWasSent() throws Exception {
        List<PrometheusText.Sample> before = scrape();
        double deliveredBefore = PrometheusText.sum(before, MESSAGES,
            Map.of("direction", "inbound", "stage", "queue", "outcome", "delivered"));
        double refusedBefore = PrometheusText.sum(before, MESSAGES, Map.of("stage", "rcpt", "outcome", "rejected"));

        for (int i = 0; i < 3; i++) {
            String message = "From: alice@sender.test\r\nTo: bob@mon.test\r\nSubject: report " + i + "\r\nDate: "
                + SmtpClient.dateNow() + "\r\nMessage-ID: <metrics-" + i + "@sender.test>\r\n\r\nThe report.\r\n";
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mta.sender.test")) {
                assertThat(smtp.send("alice@sender.test", List.of("bob@mon.test"), message).code()).isEqualTo(250);
            }
        }
        for (int i = 0; i < 2; i++) {
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mta.sender.test")) {
                assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
                assertThat(smtp.rcptTo("someone" + i + "@not-a-tenant.example").code()).isEqualTo(550);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 3);

        List<PrometheusText.Sample> after = await().atMost(Duration.ofSeconds(30)).until(MonitoringTest::scrape,
            samples -> PrometheusText.sum(samples, MESSAGES, Map.of("direction", "inbound", "stage", "queue", "outcome", "delivered"))
                >= deliveredBefore + 3
                && PrometheusText.sum(samples, MESSAGES, Map.of("stage", "rcpt", "outcome", "rejected")) >= refusedBefore + 2);
        assertThat(PrometheusText.sum(after, MESSAGES, Map.of("direction", "inbound", "stage", "queue", "outcome", "delivered")))
            .isEqualTo(deliveredBefore + 3);
        assertThat(PrometheusText.sum(after, MESSAGES, Map.of("stage", "rcpt", "outcome", "rejected"))).isEqualTo(refusedBefore + 2);
        // nothing else was counted for those five
        assertThat(PrometheusText.sum(after, MESSAGES, Map.of())).isEqualTo(PrometheusText.sum(before, MESSAGES, Map.of()) + 5);
        // every check of the SMTP dialogue is timed: the end-of-DATA checks once per accepted message, the RCPT checks
        // for every recipient
        assertThat(PrometheusText.sum(after, "gatehouse_check_seconds_count", Map.of("check", "ScoringMessageHook"))
            - PrometheusText.sum(before, "gatehouse_check_seconds_count", Map.of("check", "ScoringMessageHook"))).isEqualTo(3);
        assertThat(PrometheusText.has(after, "gatehouse_check_seconds_bucket", Map.of("check", "SenderVerificationMessageHook", "le", "0.1")))
            .isTrue();
        // James's own timers follow: one per mailet class (each check after the queue) and per SMTP command
        assertThat(PrometheusText.sum(after, "RecordDisposition_count", Map.of())).isGreaterThanOrEqualTo(3);
        assertThat(PrometheusText.sum(after, "ScoreMessage_count", Map.of())).isGreaterThanOrEqualTo(3);
        assertThat(PrometheusText.sum(after, "SMTP_rcpt_count", Map.of())).isGreaterThanOrEqualTo(5);
    }

    @Test
    void metricsShouldExposeQueuesQuarantineStorePoolAndJvm() throws Exception {
        List<PrometheusText.Sample> samples = scrape();

        assertThat(PrometheusText.has(samples, "gatehouse_queue_size", Map.of("queue", "spool"))).isTrue();
        assertThat(PrometheusText.has(samples, "gatehouse_quarantine_entries", Map.of("family", "virus"))).isTrue();
        assertThat(PrometheusText.sum(samples, "gatehouse_quarantine_entries", Map.of())).isZero();
        assertThat(PrometheusText.sum(samples, "hikaricp_connections_max", Map.of("pool", "gatehouse-store"))).isPositive();
        assertThat(PrometheusText.sum(samples, "jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
    }

    @Test
    void healthcheckShouldReportTheDatabaseQueueAndIndexHealthyAndMissingAntivirusDegraded() {
        for (String component : List.of("PolicyDatabase", "MailQueue", "QuarantineIndex")) {
            assertThat(webAdmin.request().get("/healthcheck/checks/" + component).then().statusCode(200).extract().asString())
                .contains("\"status\":\"healthy\"");
        }
        assertThat(webAdmin.request().get("/healthcheck/checks/ClamAV").then().statusCode(200).extract().asString())
            .contains("\"status\":\"degraded\"", "antivirus is not configured");
    }

    @Test
    void metricsShouldLabelEachTenantWhenPerTenantIsOn() throws Exception {
        Path dataDir = workDir.resolve("per-tenant");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "metrics.perTenant=true\n");
        try (DownstreamSmtpServer tenantServer = DownstreamSmtpServer.start(); GatewayProcess labelled = GatewayProcess.start(dataDir)) {
            WebAdmin admin = new WebAdmin(labelled.webAdminPort());
            admin.createTenant("alpha", List.of("alpha.test"), tenantServer.port(), List.of("203.0.113.0/24"));
            String message = "From: alice@sender.test\r\nTo: bob@alpha.test\r\nSubject: labelled\r\nDate: " + SmtpClient.dateNow()
                + "\r\nMessage-ID: <labelled@sender.test>\r\n\r\nHello.\r\n";
            try (SmtpClient smtp = SmtpClient.connect(labelled.smtpPort(), "mta.sender.test")) {
                assertThat(smtp.send("alice@sender.test", List.of("bob@alpha.test"), message).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> tenantServer.received().size() == 1);

            List<PrometheusText.Sample> samples = await().atMost(Duration.ofSeconds(30)).until(
                () -> PrometheusText.parse(admin.request().get("/metrics").then().statusCode(200).extract().asString()),
                found -> PrometheusText.sum(found, MESSAGES, Map.of("outcome", "delivered")) >= 1);
            assertThat(PrometheusText.sum(samples, MESSAGES, Map.of("tenant", "alpha", "direction", "inbound", "outcome", "delivered")))
                .isEqualTo(1.0);
        }
    }
}
