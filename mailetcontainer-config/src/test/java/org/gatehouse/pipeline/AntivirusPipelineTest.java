package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.PrometheusText;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Antivirus over SMTP with a real clamd: EICAR plain, in a zip, in a zip in a zip and in a forwarded message goes to
 * the virus quarantine, never to the recipient; clamd stopped mid-test answers 451 at the end of DATA and nothing is
 * delivered or lost, and the ClamAV health check says so; clamd back, the sender's retry is accepted and delivered.
 */
class AntivirusPipelineTest {
    @TempDir
    Path workDir;

    private static String withRecipient(byte[] message, String to) {
        return "To: " + to + "\r\n" + new String(message, StandardCharsets.US_ASCII).replaceFirst("(?m)^To: .*\r\n", "");
    }

    private static SmtpClient.Reply send(GatewayProcess gateway, String to, byte[] message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            return smtp.send("alice@sender.test", List.of(to), withRecipient(message, to));
        }
    }

    @Test
    void virusesShouldBeQuarantinedAndAClamdOutageShouldTempfail() throws Exception {
        try (LoopbackClamd clamd = new LoopbackClamd()) {
            clamd.start();
            Path dataDir = workDir.resolve("gateway");
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=5s\n");
            try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
                byte[] eicar = VirusSamples.eicar();
                Map<String, byte[]> infected = Map.of(
                    "plain@acme.example", VirusSamples.textMessage("plain", new String(eicar, StandardCharsets.US_ASCII)),
                    "zip@acme.example", VirusSamples.messageWithAttachment("zip", "a.zip", "application/zip", VirusSamples.zip("eicar.com", eicar)),
                    "zipzip@acme.example", VirusSamples.messageWithAttachment("zipzip", "b.zip", "application/zip",
                        VirusSamples.zip("inner.zip", VirusSamples.zip("eicar.com", eicar))),
                    "nested@acme.example", VirusSamples.messageWithNestedMessage("nested",
                        VirusSamples.messageWithAttachment("inner", "c.zip", "application/zip", VirusSamples.zip("eicar.com", eicar))));

                for (Map.Entry<String, byte[]> message : infected.entrySet()) {
                    assertThat(send(gateway, message.getKey(), message.getValue()).code()).as(message.getKey()).isEqualTo(250);
                }
                assertThat(send(gateway, "clean@acme.example", VirusSamples.textMessage("clean", "Nothing to see.")).code()).isEqualTo(250);

                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 1);
                for (String recipient : infected.keySet()) {
                    Map<String, Object> record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=" + recipient),
                        found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
                    assertThat((List<?>) record.get("reasons")).as(recipient).anySatisfy(reason -> assertThat(reason.toString())
                        .startsWith("VIRUS_FOUND").contains(LoopbackClamd.EICAR_SIGNATURE));
                }
                assertThat(downstream.received()).extracting(DownstreamSmtpServer.Received::recipient).containsExactly("clean@acme.example");
                try (Stream<Path> held = Files.walk(dataDir.resolve("var/mail/quarantine/acme/virus"))) {
                    assertThat(held.filter(Files::isRegularFile).count()).isGreaterThanOrEqualTo(infected.size());
                }

                webAdmin.request().get("/healthcheck/checks/ClamAV").then().statusCode(200);
                assertThat(PrometheusText.sum(PrometheusText.parse(webAdmin.request().get("/metrics").then().statusCode(200).extract().asString()),
                    "gatehouse_clamd_up", Map.of())).isEqualTo(1.0);

                clamd.stop();
                assertThat(webAdmin.request().get("/healthcheck/checks/ClamAV").then().statusCode(503).extract().asString())
                    .contains("unhealthy", "mail is answered 451");
                assertThat(PrometheusText.sum(PrometheusText.parse(webAdmin.request().get("/metrics").then().statusCode(200).extract().asString()),
                    "gatehouse_clamd_up", Map.of())).isZero();
                SmtpClient.Reply tempfail = send(gateway, "later@acme.example", VirusSamples.textMessage("later", "Sent while clamd is down."));
                assertThat(tempfail.code()).isEqualTo(451);
                assertThat(tempfail.text()).contains("4.7.0", "scanned for viruses");
                // nothing accepted: only the refusal is on record, a 451 at the end of DATA naming the failed scan
                assertThat(webAdmin.messages("recipient=later@acme.example&stage=queue")).isEmpty();
                assertThat(webAdmin.messages("recipient=later@acme.example")).singleElement().satisfies(refusal -> {
                    assertThat(refusal.get("disposition")).isEqualTo("rejected");
                    assertThat(refusal.get("stage")).isEqualTo("data");
                    assertThat(String.valueOf(refusal.get("ruleIds"))).contains("VIRUS_SCAN_FAILED");
                });

                clamd.start();
                assertThat(send(gateway, "later@acme.example", VirusSamples.textMessage("later", "Sent while clamd is down.")).code()).isEqualTo(250);
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
                assertThat(downstream.received().get(1).recipient()).isEqualTo("later@acme.example");
            }
        }
    }
}
