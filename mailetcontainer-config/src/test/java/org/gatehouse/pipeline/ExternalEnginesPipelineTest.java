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
import org.gatehouse.scoring.external.LoopbackSpamd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real spamd configured as an extra scoring signal over SMTP: its score adds to the total and names its symbols;
 * when it is down, mail is still scored and delivered, and the failure shows as SPAMD_ERROR.
 */
class ExternalEnginesPipelineTest {
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    @TempDir
    Path workDir;

    private static String message(String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    @Test
    void spamdShouldAddItsScoreAndItsOutageShouldNeverBlockMail() throws Exception {
        LoopbackSpamd spamd = new LoopbackSpamd();
        spamd.start();
        try {
            Path dataDir = workDir.resolve("gateway");
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "scoring.spamd.address=127.0.0.1:" + spamd.port() + "\n");
            try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("engines", List.of("engines.example"), downstream.port(), List.of());
                // GTUBE is spam for spamd too, but this tenant tolerates every score: the message shows both verdicts
                webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"quarantine\": null, \"block\": null}}}")
                    .put("/gatehouse/tenants/engines/policy").then().statusCode(200);

                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                    assertThat(smtp.send("alice@sender.test", List.of("bob@engines.example"),
                        message("bob@engines.example", "engine test", "Test " + GTUBE)).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 1);
                assertThat(downstream.received().get(0).content()).contains("SPAMD_SCORE");
                Map<String, Object> scored = webAdmin.messages("recipient=bob@engines.example").get(0);
                assertThat((List<?>) scored.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                    .startsWith("SPAMD_SCORE (spamd=spam, +60)").contains("GTUBE"));
                // monitoring (docs/monitoring.md): the call is timed and the engine is up
                List<PrometheusText.Sample> up = PrometheusText.parse(webAdmin.request().get("/metrics").then().statusCode(200)
                    .extract().asString());
                assertThat(PrometheusText.sum(up, "gatehouse_engine_up", Map.of("engine", "spamd"))).isEqualTo(1.0);
                assertThat(PrometheusText.sum(up, "gatehouse_engine_calls_seconds_count", Map.of("engine", "spamd", "result", "answered")))
                    .isEqualTo(1.0);
                assertThat(webAdmin.request().get("/healthcheck/checks/ExternalEngines").then().statusCode(200).extract().asString())
                    .contains("\"status\":\"healthy\"");

                spamd.stop();
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                    assertThat(smtp.send("alice@sender.test", List.of("carol@engines.example"),
                        message("carol@engines.example", "engine down", "Lunch at noon?")).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
                assertThat(downstream.received().get(1).content()).containsPattern("X-Gatehouse-Verdict: pass; rules=[A-Z_,]*SPAMD_ERROR");
                Map<String, Object> failed = webAdmin.messages("recipient=carol@engines.example").get(0);
                assertThat((List<?>) failed.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).startsWith("SPAMD_ERROR"));
                List<PrometheusText.Sample> down = PrometheusText.parse(webAdmin.request().get("/metrics").then().statusCode(200)
                    .extract().asString());
                assertThat(PrometheusText.sum(down, "gatehouse_engine_up", Map.of("engine", "spamd"))).isEqualTo(0.0);
                assertThat(PrometheusText.sum(down, "gatehouse_engine_calls_seconds_count", Map.of("engine", "spamd", "result", "failed")))
                    .isEqualTo(1.0);
                assertThat(webAdmin.request().get("/healthcheck/checks/ExternalEngines").then().statusCode(200).extract().asString())
                    .contains("\"status\":\"degraded\"", "spamd at 127.0.0.1:" + spamd.port(), "scored without it");
            }
        } finally {
            spamd.stop();
        }
    }
}
