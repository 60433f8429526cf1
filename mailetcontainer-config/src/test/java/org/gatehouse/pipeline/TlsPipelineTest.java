package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.gatehouse.app.SelfSignedCertificate;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS over SMTP: the gateway offers STARTTLS with its generated key and records for each message whether it came over
 * TLS; a tenant's partner that must use TLS is refused in plaintext; outbound levels per destination domain against
 * a destination with a self-signed certificate: required accepts it, required_verified refuses it (the mail stays
 * queued, then bounces with the reason, never sent in plaintext), opportunistic and none deliver.
 */
class TlsPipelineTest {
    @TempDir
    Path workDir;

    private static String message(String from, String to, String subject) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\nHello.\r\n";
    }

    private static SSLContext selfSigned(String hostname) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(hostname);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", certificate.keyPair().getPrivate(), "x".toCharArray(), new Certificate[] {certificate.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "x".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void inboundMailShouldRecordTlsAndAPartnerThatMustUseTlsShouldBeRefusedInPlaintext() throws Exception {
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway"))) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
            webAdmin.request().body("{\"tls\": {\"inbound\": {\"requireFrom\": [{\"type\": \"domain\", \"value\": \"partner.test\"}]}}}")
                .put("/gatehouse/tenants/acme/policy").then().statusCode(200);
            webAdmin.request().body("{\"tls\": {\"outbound\": {\"default\": \"sometimes\"}}}")
                .put("/gatehouse/tenants/acme/policy").then().statusCode(400);

            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.partner.test")) {
                assertThat(smtp.mailFrom("bob@partner.test").code()).isEqualTo(250);
                SmtpClient.Reply refused = smtp.rcptTo("carol@acme.example");
                assertThat(refused.code()).isEqualTo(530);
                assertThat(refused.text()).contains("5.7.0", "TLS required");
            }
            try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.smtpPort(), "mx.partner.test")) {
                assertThat(smtp.send("bob@partner.test", List.of("carol@acme.example"),
                    message("bob@partner.test", "carol@acme.example", "over tls")).code()).isEqualTo(250);
            }
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.other.test")) {
                assertThat(smtp.send("dave@other.test", List.of("erin@acme.example"),
                    message("dave@other.test", "erin@acme.example", "in plaintext")).code()).isEqualTo(250);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
            Map<String, Object> overTls = webAdmin.messages("recipient=carol@acme.example").get(0);
            assertThat((String) overTls.get("tls")).matches("TLSv1\\.[23] TLS_.+");
            assertThat(webAdmin.messages("recipient=erin@acme.example").get(0)).containsEntry("tls", "none");
        }
    }

    @Test
    void outboundTlsLevelsShouldBeEnforcedPerDestinationAndNeverFallBackToPlaintext() throws Exception {
        try (DownstreamSmtpServer tlsDestination = DownstreamSmtpServer.startWithTls(selfSigned("localhost"));
             DownstreamSmtpServer plainDestination = DownstreamSmtpServer.start()) {
            Path dataDir = workDir.resolve("gateway");
            String pipeline = ShippedConfiguration.read("mailetcontainer.xml");
            pipeline = ShippedConfiguration.replace(pipeline, ShippedConfiguration.DEFAULT_RETRY_SCHEDULE, "3*1 second");
            pipeline = ShippedConfiguration.replace(pipeline, "<maxRetries>42</maxRetries>", "<maxRetries>3</maxRetries>");
            for (String queue : List.of("outbound-tls-verified", "outbound-tls")) {
                pipeline = ShippedConfiguration.replace(pipeline, "<outgoing>" + queue + "</outgoing>", "<outgoing>" + queue
                    + "</outgoing>\n                <gateway>127.0.0.1</gateway>\n                <gatewayPort>" + tlsDestination.port() + "</gatewayPort>");
            }
            for (String queue : List.of("outbound-plain", "outbound")) {
                pipeline = ShippedConfiguration.replace(pipeline, "<outgoing>" + queue + "</outgoing>", "<outgoing>" + queue
                    + "</outgoing>\n                <gateway>127.0.0.1</gateway>\n                <gatewayPort>" + plainDestination.port() + "</gatewayPort>");
            }
            ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);

            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("acme", List.of("acme.example"), plainDestination.port(), List.of("127.0.0.1/32"));
                webAdmin.request().body("{\"tls\": {\"outbound\": {\"domains\": {\"verified.test\": \"required_verified\","
                        + " \"required.test\": \"required\", \"plain.test\": \"none\"}}}}")
                    .put("/gatehouse/tenants/acme/policy").then().statusCode(200);

                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mail.acme.example")) {
                    assertThat(smtp.send("alice@acme.example", List.of("a@verified.test", "b@required.test", "c@plain.test", "d@default.test"),
                        message("alice@acme.example", "partners@acme.example", "quarterly report")).code()).isEqualTo(250);
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> tlsDestination.received().size() == 1 && plainDestination.received().size() >= 2);
                assertThat(tlsDestination.received()).extracting(DownstreamSmtpServer.Received::recipient).containsExactly("b@required.test");
                assertThat(plainDestination.received()).extracting(DownstreamSmtpServer.Received::recipient)
                    .contains("c@plain.test", "d@default.test").doesNotContain("a@verified.test");

                // the verified destination's self-signed certificate is refused: retried, then bounced to the sender
                Map<String, Object> bounced = await().atMost(Duration.ofSeconds(90)).until(
                    () -> webAdmin.messages("recipient=a@verified.test").get(0),
                    record -> ((Map<?, ?>) ((Map<?, ?>) record.get("recipientStates")).get("a@verified.test")).get("disposition").equals("bounced"));
                assertThat(String.valueOf(((Map<?, ?>) ((Map<?, ?>) bounced.get("recipientStates")).get("a@verified.test")).get("detail")))
                    .contains("TLS policy: verified.test requires STARTTLS with a certificate trusted", "never sent without it");
                String dsn = await().atMost(Duration.ofSeconds(60)).until(() -> plainDestination.received().stream()
                    .filter(received -> received.recipient().equals("alice@acme.example")).findFirst(), found -> found.isPresent())
                    .orElseThrow().content();
                assertThat(dsn).contains("a@verified.test", "TLS policy: verified.test requires");
                assertThat(tlsDestination.received()).hasSize(1);
                assertThat(plainDestination.received()).extracting(DownstreamSmtpServer.Received::recipient).doesNotContain("a@verified.test");
            }
        }
    }
}
