package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * Phishing over SMTP with a DNS server on loopback: the tenant's CEO impersonated from a lookalike of the tenant's
 * domain is quarantined in the phishing family with the rule ids in the explanation; a link to a domain a URI
 * blocklist lists raises the score.
 */
class PhishingPipelineTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;
    static LoopbackDnsServer dns;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.builder()
            .record("listed-shop.test.uribl.test. IN A 127.0.0.2")
            .start(workDir.resolve("dns"));
        downstream = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + dns.address() + "\ndns.timeout=500ms\n"
            + "phishing.uriDnsbl.zones=uribl.test\n");
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
        webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"tagHeader\": 1, \"tagSubject\": null, \"quarantine\": 90, \"block\": null}},"
            + " \"phishing\": {\"protectedPeople\": [\"Jane Smith\"], \"partnerDomains\": [\"partner.example\"]}}")
            .put("/gatehouse/tenants/acme/policy").then().statusCode(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (downstream != null) {
            downstream.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static void send(String envelopeSender, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.send(envelopeSender, List.of(to), message).code()).isEqualTo(250);
        }
    }

    private static String message(String from, String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    @Test
    void theCeoImpersonatedFromALookalikeDomainShouldBeQuarantinedAsPhishing() throws Exception {
        send("jane@acrne.example", "bob@acme.example", message("\"Jane Smith\" <jane@acrne.example>", "bob@acme.example",
            "Urgent wire", "<p>Bob, please handle the payment today. <a href=\"https://acrne.example/pay\">invoice</a></p>"));

        Map<String, Object> record = await().atMost(DELIVERY).until(() -> webAdmin.messages("recipient=bob@acme.example"),
            found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("PHISH_LOOKALIKE_SENDER").contains("acrne.example", "acme.example"));
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("PHISH_DISPLAY_NAME_IMPERSONATION").contains("Jane Smith"));
        JsonPath held = JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=acme&reason=phishing")
            .then().statusCode(200).extract().asString());
        assertThat(held.getLong("total")).isEqualTo(1);
        assertThat(held.getList("items[0].reasons", String.class)).contains("PHISH_LOOKALIKE_SENDER", "PHISH_DISPLAY_NAME_IMPERSONATION");
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@acme.example"));
    }

    @Test
    void aLinkToADomainAUriBlocklistListsShouldRaiseTheScore() throws Exception {
        send("news@shop.test", "carol@acme.example", message("Shop <news@shop.test>", "carol@acme.example", "Our offers",
            "<p>See <a href=\"https://www.listed-shop.test/offers\">our offers</a>.</p>"));
        send("news@shop.test", "dave@acme.example", message("Shop <news@shop.test>", "dave@acme.example", "Our other offers",
            "<p>See <a href=\"https://www.clean-shop.test/offers\">our offers</a>.</p>"));

        String listed = awaitDelivered("carol@acme.example");
        String clean = awaitDelivered("dave@acme.example");
        assertThat(listed).contains("PHISH_URI_DNSBL");
        assertThat(clean).doesNotContain("PHISH_URI_DNSBL");
        assertThat(score(listed) - score(clean)).isGreaterThanOrEqualTo(30);
    }

    private static String awaitDelivered(String recipient) {
        return await().atMost(DELIVERY).until(() -> downstream.received().stream()
            .filter(received -> received.recipient().equals(recipient)).findFirst(), found -> found.isPresent())
            .orElseThrow().content().replace("\r\n", "\n");
    }

    private static int score(String message) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\nX-Gatehouse-Score: (\\d+)\n").matcher(message);
        assertThat(matcher.find()).as("a score header in:\n%s", message).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
