package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The content policy's actions over SMTP: strip (the rest of the message intact and valid MIME, a note part, the
 * original in the quarantine), copy and redirect to the tenant's administrator, the tenant's largest message answered
 * at RCPT TO when the size is declared and at the end of DATA otherwise; and the virus notifications with a real clamd.
 */
class ContentActionsPipelineTest {
    private static final String NOTES = "Meeting notes: nothing dangerous here.";

    @TempDir
    Path workDir;

    private static String message(String to, byte[] zip) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to
            + "\r\nSubject: invoice\r\nMessage-ID: <" + System.nanoTime() + "@sender.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
            + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour invoice is attached.\r\n"
            + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Your invoice is attached.</p>\r\n--alt--\r\n"
            + "--b\r\nContent-Type: application/zip; name=\"invoice.zip\"\r\nContent-Disposition: attachment; filename=\"invoice.zip\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(zip) + "\r\n"
            + "--b\r\nContent-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n"
            + NOTES + "\r\n--b--\r\n";
    }

    private static SmtpClient.Reply send(GatewayProcess gateway, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            return smtp.send("alice@sender.test", List.of(to), message);
        }
    }

    private static MimeMessage parse(byte[] data) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
    }

    private static List<String> fileNames(MimeMultipart multipart) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof MimeMultipart inner) {
                names.addAll(fileNames(inner));
            } else {
                names.add(String.valueOf(part.getFileName()));
            }
        }
        return names;
    }

    @Test
    void stripCopyRedirectAndSizeLimitsShouldWorkOverSmtp() throws Exception {
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway"))) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            for (String tenant : List.of("strip", "copy", "redir", "small", "rules")) {
                webAdmin.createTenant(tenant, List.of(tenant + ".example"), downstream.port(), List.of());
            }
            webAdmin.request().body("{\"content\": {\"actions\": {\"denied\": \"strip\"}}}").put("/gatehouse/tenants/strip/policy").then().statusCode(200);
            webAdmin.request().body("{\"content\": {\"adminAddress\": \"security@copy.example\", \"actions\": {\"denied\": \"copy\"}}}")
                .put("/gatehouse/tenants/copy/policy").then().statusCode(200);
            webAdmin.request().body("{\"content\": {\"adminAddress\": \"security@redir.example\", \"actions\": {\"denied\": \"redirect\"}}}")
                .put("/gatehouse/tenants/redir/policy").then().statusCode(200);
            webAdmin.request().body("{\"content\": {\"maxMessageBytes\": 2000}}").put("/gatehouse/tenants/small/policy").then().statusCode(200);
            assertThat(webAdmin.request().body("{\"content\": {\"actions\": {\"denied\": \"copy\"}}}").put("/gatehouse/tenants/copy/policy")
                .then().statusCode(400).extract().asString()).contains("content.adminAddress", "required when actions.denied is copy");
            String badPattern = webAdmin.request().body("{\"content\": {\"textRules\": [{\"id\": \"BAD\", \"target\": \"body\","
                + " \"pattern\": \"(a)\\\\1\", \"action\": \"tag\"}]}}").put("/gatehouse/tenants/rules/policy").then().statusCode(400).extract().asString();
            assertThat(badPattern).contains("content.textRules[0].pattern", "not a valid RE2 regular expression");
            webAdmin.request().body("{\"content\": {\"textRules\": [{\"id\": \"WIRE_FRAUD\", \"target\": \"subject\", \"pattern\": \"urgent.*wire\","
                + " \"action\": \"block\"}], \"language\": {\"blockLanguages\": [\"ru\"], \"action\": \"quarantine\"}}}")
                .put("/gatehouse/tenants/rules/policy").then().statusCode(200);
            byte[] nested = VirusSamples.zip("invoice.zip", VirusSamples.zip("setup.exe", VirusSamples.windowsExecutable()));

            // header and body rules, language: a subject rule refuses at the end of DATA, a Russian body is held
            SmtpClient.Reply ruleRefusal = send(gateway, "gina@rules.example", "From: alice@sender.test\r\nTo: gina@rules.example\r\n"
                + "Subject: URGENT - wire the payment today\r\nMessage-ID: <r1@sender.test>\r\n\r\nPlease pay.\r\n");
            assertThat(ruleRefusal.code()).isEqualTo(550);
            assertThat(ruleRefusal.text()).contains("CONTENT_RULE_WIRE_FRAUD");
            assertThat(send(gateway, "gina@rules.example", "From: alice@sender.test\r\nTo: gina@rules.example\r\nSubject: notice\r\n"
                + "Message-ID: <r2@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nУважаемый клиент, ваш счёт будет заблокирован, если вы не подтвердите свои данные "
                + "в течение двадцати четырёх часов. Пожалуйста, перейдите по ссылке и введите пароль.\r\n").code()).isEqualTo(250);

            assertThat(send(gateway, "bob@strip.example", message("bob@strip.example", nested)).code()).isEqualTo(250);
            assertThat(send(gateway, "carol@copy.example", message("carol@copy.example", nested)).code()).isEqualTo(250);
            assertThat(send(gateway, "dave@redir.example", message("dave@redir.example", nested)).code()).isEqualTo(250);

            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.mailFrom("alice@sender.test", 5000).code()).isEqualTo(250);
                SmtpClient.Reply refused = smtp.rcptTo("erin@small.example");
                assertThat(refused.code()).isEqualTo(552);
                assertThat(refused.text()).contains("5.3.4", "limit of 2000 bytes");
                assertThat(smtp.rcptTo("frank@strip.example").code()).isEqualTo(250);
                assertThat(smtp.reset().code()).isEqualTo(250);
            }
            String large = message("erin@small.example", new byte[0]) + "x".repeat(3000);
            SmtpClient.Reply tooLarge = send(gateway, "erin@small.example", large);
            assertThat(tooLarge.code()).isEqualTo(552);
            assertThat(tooLarge.text()).contains("5.3.4");

            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 4);
            Map<String, DownstreamSmtpServer.Received> byRecipient = new java.util.HashMap<>();
            downstream.received().forEach(received -> byRecipient.put(received.recipient(), received));
            assertThat(byRecipient).containsOnlyKeys("bob@strip.example", "carol@copy.example", "security@copy.example", "security@redir.example");

            // strip: the rest of the message is intact and valid MIME, the zip is gone, a note says why
            MimeMessage stripped = parse(byRecipient.get("bob@strip.example").data());
            assertThat(stripped.getHeader("X-Gatehouse-Content", null)).startsWith("strip; rules=").contains("CONTENT_DENIED_TYPE");
            assertThat(stripped.getSubject()).isEqualTo("invoice");
            MimeMultipart root = (MimeMultipart) stripped.getContent();
            assertThat(fileNames(root)).doesNotContain("invoice.zip").contains("notes.txt");
            String whole = byRecipient.get("bob@strip.example").content();
            assertThat(whole).contains("Your invoice is attached.", "<p>Your invoice is attached.</p>", NOTES)
                .contains("Gatehouse removed an attachment", "invoice.zip/invoice.zip/setup.exe", "CONTENT_DENIED_TYPE");
            assertThat(root.getBodyPart(0).isMimeType("multipart/alternative")).isTrue();
            // the original is held in the quarantine, with the zip
            JsonPath held = await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.request().get("/gatehouse/quarantine?tenant=strip")
                .then().statusCode(200).extract().jsonPath(), found -> found.getList("items").size() == 1);
            String heldId = held.getString("items[0].id");
            assertThat(whole).contains(heldId);
            assertThat(webAdmin.request().get("/gatehouse/quarantine/" + heldId + "/eml").then().statusCode(200).extract().asString())
                .contains("invoice.zip");

            // copy: the recipient gets the message, the administrator a copy of the original saying why
            assertThat(byRecipient.get("carol@copy.example").content()).contains("invoice.zip");
            MimeMessage copy = parse(byRecipient.get("security@copy.example").data());
            assertThat(copy.getHeader("X-Gatehouse-Content-Copy", null)).contains("CONTENT_DENIED_TYPE", "carol@copy.example");
            assertThat(fileNames((MimeMultipart) copy.getContent())).contains("invoice.zip");

            // redirect: only the administrator gets it
            Map<String, Object> redirected = await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages("recipient=dave@redir.example"),
                found -> found.size() == 1).get(0);
            assertThat((List<?>) redirected.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                .startsWith("REDIRECTED to security@redir.example"));

            // the refused first message is on record too (stage data); the accepted one is held
            Map<String, Object> russian = await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages("recipient=gina@rules.example&stage=queue"),
                found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
            assertThat(webAdmin.messages("recipient=gina@rules.example&stage=data")).singleElement()
                .satisfies(refusal -> assertThat(String.valueOf(refusal.get("ruleIds"))).contains("CONTENT_RULE_WIRE_FRAUD"));
            assertThat((List<?>) russian.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                .startsWith("CONTENT_LANGUAGE_BLOCKED").contains("the text is in ru"));
        }
    }

    @Test
    void aVirusShouldBeNotifiedToTheRecipientAndAdministratorAndOnlyAnAuthenticatedSender() throws Exception {
        try (LoopbackClamd clamd = new LoopbackClamd()) {
            clamd.start();
            Path dataDir = workDir.resolve("gateway-av");
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=5s\n");
            try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of("127.0.0.1/32"));
                webAdmin.request().body("{\"content\": {\"adminAddress\": \"security@acme.example\","
                    + " \"virusNotifications\": {\"recipients\": true, \"admin\": true, \"sender\": true}}}")
                    .put("/gatehouse/tenants/acme/policy").then().statusCode(200);
                byte[] infected = VirusSamples.messageWithAttachment("invoice", "a.zip", "application/zip",
                    VirusSamples.zip("eicar.com", VirusSamples.eicar()));
                String inbound = "To: bob@acme.example\r\n" + new String(infected, StandardCharsets.US_ASCII).replaceFirst("(?m)^To: .*\r\n", "");

                // inbound from an unauthenticated sender: recipient and administrator told, the sender not (no backscatter)
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                    assertThat(smtp.send("alice@sender.test", List.of("bob@acme.example"), inbound).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
                assertThat(downstream.received()).extracting(DownstreamSmtpServer.Received::recipient)
                    .containsExactlyInAnyOrder("bob@acme.example", "security@acme.example");
                assertThat(downstream.received()).allSatisfy(received -> {
                    assertThat(received.sender()).isEmpty();
                    assertThat(received.content()).contains(LoopbackClamd.EICAR_SIGNATURE, "alice@sender.test", "contained a virus")
                        .doesNotContain("eicar.com\"", "UEsDB");
                });
                Map<String, Object> record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=bob@acme.example"),
                    found -> !found.isEmpty() && found.stream().anyMatch(one -> "quarantined".equals(one.get("disposition")))).stream()
                    .filter(one -> "quarantined".equals(one.get("disposition"))).findFirst().orElseThrow();
                assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                    .startsWith("VIRUS NOTICE: sender alice@sender.test not told"));

                // outbound from the tenant's relay client: the sender is the tenant's own user, and is told
                String outbound = new String(infected, StandardCharsets.US_ASCII).replaceFirst("(?m)^From: .*\r\n", "From: carol@acme.example\r\n");
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "client.acme.example")) {
                    assertThat(smtp.send("carol@acme.example", List.of("someone@elsewhere.test"), outbound).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 4);
                assertThat(downstream.received()).extracting(DownstreamSmtpServer.Received::recipient)
                    .containsExactlyInAnyOrder("bob@acme.example", "security@acme.example", "carol@acme.example", "security@acme.example");

                // a container clamd does not open (lz4): what Gatehouse unpacked is scanned too
                java.io.ByteArrayOutputStream lz4 = new java.io.ByteArrayOutputStream();
                try (var out = new org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream(lz4)) {
                    out.write(VirusSamples.zip("eicar.com", VirusSamples.eicar()));
                }
                String wrapped = "To: dave@acme.example\r\n" + new String(VirusSamples.messageWithAttachment("report", "report.zip.lz4",
                    "application/octet-stream", lz4.toByteArray()), StandardCharsets.US_ASCII).replaceFirst("(?m)^To: .*\r\n", "");
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                    assertThat(smtp.send("alice@sender.test", List.of("dave@acme.example"), wrapped).code()).isEqualTo(250);
                }
                Map<String, Object> lz4Record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=dave@acme.example"),
                    found -> found.stream().anyMatch(one -> "quarantined".equals(one.get("disposition")))).stream()
                    .filter(one -> "alice@sender.test".equals(one.get("sender"))).findFirst().orElseThrow();
                assertThat((List<?>) lz4Record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                    .startsWith("VIRUS_FOUND").contains(LoopbackClamd.EICAR_SIGNATURE));
            }
        }
    }
}
