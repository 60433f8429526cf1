package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;
import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports on the embedded Derby store: the mixed load ({@link ReportsPipelineContract}), the rollups after a
 * {@code kill -9} in the middle of a load, and a scheduled report sent once per period across a restart.
 */
class ReportsPipelineTest implements ReportsPipelineContract {
    private static final int MESSAGES = 25;

    @TempDir
    Path workDir;

    @Override
    public Path dataDir() {
        return workDir.resolve("gateway");
    }

    @Test
    void rollupsShouldConvergeToTheMessageLogAfterAKill9InTheMiddleOfALoad() throws Exception {
        Path dataDir = dataDir();
        ShippedConfiguration.write(dataDir, "gatehouse.properties", ReportsPipelineContract.reportProperties());
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withFastRetries(ShippedConfiguration.read("mailetcontainer.xml")));
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String range = "tenant=crash&from=" + from + "&to=" + from.plus(Duration.ofHours(2));
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            GatewayProcess first = GatewayProcess.start(dataDir);
            WebAdmin firstAdmin = new WebAdmin(first.webAdminPort());
            firstAdmin.createTenant("crash", List.of("crash.test"), downstream.port(), List.of());
            try (SmtpClient smtp = SmtpClient.connect(first.smtpPort(), "mx.sender.example")) {
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(smtp.send("a@sender.example", List.of("r@crash.test"), ReportsPipelineContract.message("a@sender.example",
                        "r@crash.test", "crash " + i, "message " + i)).code()).isEqualTo(250);
                    if (i == 12) {
                        // the rollups have counted some of it: the kill interrupts them as well as the pipeline
                        await().atMost(Duration.ofSeconds(30)).until(() -> ReportsPipelineContract.report(firstAdmin, "summary?" + range)
                            .getInt("total") > 0);
                    }
                }
            }
            first.kill9();

            try (GatewayProcess second = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(second.webAdminPort());
                await().atMost(Duration.ofSeconds(120)).until(() -> webAdmin.messages("recipient=r@crash.test&limit=1000").size() == MESSAGES
                    && webAdmin.messages("recipient=r@crash.test&limit=1000").stream()
                        .allMatch(record -> "delivered".equals(record.get("disposition"))));
                await().atMost(Duration.ofSeconds(60)).until(() -> ReportsPipelineContract.report(webAdmin, "summary?" + range)
                    .getInt("totals.delivered_clean") == MESSAGES);
                Thread.sleep(3000);
                assertThat(ReportsPipelineContract.report(webAdmin, "summary?" + range).getInt("total"))
                    .as("the rollups count each record of the message log once").isEqualTo(MESSAGES);
                assertThat(ReportsPipelineContract.report(webAdmin, "top?by=sender&" + range).getList("items.messages", Integer.class))
                    .containsExactly(MESSAGES);
            }
        }
    }

    @Test
    void aScheduledReportShouldArriveAsMimeWithAChartOncePerPeriodAcrossARestart() throws Exception {
        Path dataDir = dataDir();
        ShippedConfiguration.write(dataDir, "gatehouse.properties", ReportsPipelineContract.reportProperties());
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.request().body(Map.of("name", "Acme <script>alert(1)</script>", "domains", List.of("acme.example"),
                        "downstream", Map.of("host", "127.0.0.1", "port", downstream.port(), "requireTls", false), "relayClients", List.of()))
                    .put("/gatehouse/tenants/acme").then().statusCode(201);
                // a recipient outside the tenant's domains is never sent the tenant's figures
                webAdmin.request().body("{\"reports\": {\"schedule\": \"daily\", \"recipients\": [\"admin@acme.example\", \"spy@elsewhere.example\"]}}")
                    .put("/gatehouse/tenants/acme/policy").then().statusCode(200);
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> reports(downstream).size() == 1);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("No report arrived; the gateway said:\n" + gateway.output().lines()
                        .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("eport") || line.contains("Exception"))
                        .limit(60).collect(java.util.stream.Collectors.joining("\n")), e);
                }
                // the sending is on record in the server log, which the restarted gateway's must not repeat
                assertThat(gateway.output()).contains("Report daily:");
            }
            try (GatewayProcess restarted = GatewayProcess.start(dataDir)) {
                // several send intervals after the restart: the period's report is not sent again
                Thread.sleep(8000);
                assertThat(restarted.output()).doesNotContain("Report daily:");
            }
            List<DownstreamSmtpServer.Received> reports = reports(downstream);
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).recipient()).isEqualTo("admin@acme.example");

            MimeMessage report = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(reports.get(0).data()));
            assertThat(report.getSubject()).startsWith("Gatehouse mail report").doesNotContain("Acme", "script");
            assertThat(report.getContentType()).startsWith("multipart/alternative");
            Multipart alternative = (Multipart) report.getContent();
            assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
            assertThat((String) alternative.getBodyPart(0).getContent()).contains("Acme <script>alert(1)</script>");
            Multipart related = (Multipart) alternative.getBodyPart(1).getContent();
            String html = (String) related.getBodyPart(0).getContent();
            assertThat(html).contains("Acme &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
            BodyPart chart = related.getBodyPart(1);
            assertThat(chart.getContentType()).startsWith("image/png");
            String contentId = chart.getHeader("Content-ID")[0].replaceAll("[<>]", "");
            assertThat(html).contains("cid:" + contentId);
            assertThat(ImageIO.read(chart.getInputStream())).as("the chart decodes as an image").isNotNull()
                .satisfies(image -> assertThat(image.getWidth()).isPositive());
            Files.write(workDir.resolve("report.eml"), reports.get(0).data());
        }
    }

    private static List<DownstreamSmtpServer.Received> reports(DownstreamSmtpServer downstream) {
        return downstream.received().stream().filter(received -> received.content().contains("Subject: Gatehouse mail report")).toList();
    }
}
