package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content policy over SMTP: an executable inside a zip inside a zip is refused with 550 at the end of DATA for a
 * tenant with the default policy, delivered for a tenant that allows executables, and held (never delivered) for the
 * first when one message is for both; a bad policy is refused with the field path.
 */
class ContentPolicyPipelineTest {
    @TempDir
    Path workDir;

    private static String message(List<String> to, byte[] attachment) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + String.join(", ", to)
            + "\r\nSubject: invoice\r\nMessage-ID: <" + System.nanoTime() + "@sender.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nYour invoice.\r\n--b\r\n"
            + "Content-Type: application/zip; name=\"invoice.zip\"\r\nContent-Disposition: attachment; filename=\"invoice.zip\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
    }

    @Test
    void anExecutableInANestedArchiveShouldBeRefusedUnlessTheTenantAllowsIt() throws Exception {
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway"))) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("strict", List.of("strict.example"), downstream.port(), List.of());
            webAdmin.createTenant("lenient", List.of("lenient.example"), downstream.port(), List.of());
            webAdmin.request().body("{\"content\": {\"denyFamilies\": [], \"actions\": {\"typeMismatch\": \"log\"}}}")
                .put("/gatehouse/tenants/lenient/policy").then().statusCode(200);
            String error = webAdmin.request().body("{\"content\": {\"denyFamilies\": [\"exe\"]}}")
                .put("/gatehouse/tenants/lenient/policy").then().statusCode(400).extract().asString();
            assertThat(error).contains("content.denyFamilies[0]");
            byte[] nested = VirusSamples.zip("invoice.zip", VirusSamples.zip("setup.exe", VirusSamples.windowsExecutable()));

            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                SmtpClient.Reply refused = smtp.send("alice@sender.test", List.of("bob@strict.example"), message(List.of("bob@strict.example"), nested));
                assertThat(refused.code()).isEqualTo(550);
                assertThat(refused.text()).contains("5.7.1", "content policy", "CONTENT_DENIED_TYPE", "setup.exe", "executable");
            }
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.send("alice@sender.test", List.of("carol@lenient.example"),
                    message(List.of("carol@lenient.example"), nested)).code()).isEqualTo(250);
            }
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.send("alice@sender.test", List.of("dave@strict.example", "erin@lenient.example"),
                    message(List.of("dave@strict.example", "erin@lenient.example"), nested)).code()).isEqualTo(250);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
            assertThat(downstream.received()).extracting(DownstreamSmtpServer.Received::recipient)
                .containsExactlyInAnyOrder("carol@lenient.example", "erin@lenient.example");
            Map<String, Object> held = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=dave@strict.example"),
                found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
            assertThat((List<?>) held.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                .startsWith("CONTENT_DENIED_TYPE").contains("invoice.zip/invoice.zip/setup.exe"));
            assertThat((List<?>) held.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).startsWith("BLOCKED: content policy"));
        }
    }
}
