package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EICAR nested 0 to 60 multipart levels deep, over SMTP, with a real clamd (clamd's default MaxRecursion, AlertExceedsMax
 * on): never delivered. Up to where clamd opens, it is found (VIRUS_FOUND); deeper, clamd's limit alert or the message's
 * own depth makes the scan incomplete (VIRUS_SCAN_INCOMPLETE) and the message is held in the virus quarantine. The
 * MIME structure bound is raised for this test so
 * that every depth reaches the antivirus; with the shipped bound, messages past 25 levels are refused at DATA.
 */
class AntivirusCompletenessPipelineTest {
    @TempDir
    Path workDir;

    @Test
    void eicarShouldNeverBeDeliveredAtAnyNestingDepth() throws Exception {
        try (LoopbackClamd clamd = new LoopbackClamd()) {
            clamd.start();
            Path dataDir = workDir.resolve("gateway");
            ShippedConfiguration.write(dataDir, "gatehouse.properties",
                "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=10s\nsmtp.mime.maxDepth=100\n");
            try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
                for (int depth = 0; depth <= 60; depth++) {
                    String to = "depth" + depth + "@acme.example";
                    String message = "To: " + to + "\r\n" + new String(VirusSamples.nestedAttachment(depth, "eicar.com", VirusSamples.eicar()),
                        StandardCharsets.US_ASCII).replaceFirst("(?m)^To: .*\r\n", "");
                    try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                        assertThat(smtp.send("alice@sender.test", List.of(to), message).code()).as("depth %d", depth).isEqualTo(250);
                    }
                }
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                    smtp.send("alice@sender.test", List.of("clean@acme.example"), "To: clean@acme.example\r\nSubject: clean\r\nDate: "
                        + SmtpClient.dateNow() + "\r\n\r\nNothing here.\r\n");
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> downstream.received().size() == 1);

                for (int depth = 0; depth <= 60; depth++) {
                    String to = "depth" + depth + "@acme.example";
                    Map<String, Object> record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=" + to),
                        found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
                    String reasons = record.get("reasons").toString();
                    if (depth <= 16) {
                        assertThat(reasons).as("depth %d", depth).contains("VIRUS_FOUND");
                    } else {
                        assertThat(reasons).as("depth %d", depth).containsAnyOf("VIRUS_FOUND", "VIRUS_SCAN_INCOMPLETE");
                    }
                }
                assertThat(downstream.received()).extracting(DownstreamSmtpServer.Received::recipient).containsExactly("clean@acme.example");
            }
        }
    }
}
