package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.restassured.path.json.JsonPath;

/**
 * Outbound DKIM signing, end to end: a tenant's key generated through WebAdmin, its TXT record published in a real DNS
 * server on loopback, mail from the tenant's relay client stamped with the disclaimer, signed, delivered through the
 * smart host, and verified at the receiving end by jDKIM asking that DNS server; then the same after a key rotation.
 */
class DkimSigningPipelineTest {
    private static final String DISCLAIMER = "Signco Ltd. confidential: if you are not the addressee, delete this message.";
    private static final String KEYS = "/gatehouse/tenants/signco/dkim/signco.test";

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer tenantServer;
    static DownstreamSmtpServer smartHost;
    static WebAdmin webAdmin;
    /** The receivers' DNS: started with the TXT records published at the time. */
    private final List<LoopbackDnsServer> dnsServers = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws Exception {
        tenantServer = DownstreamSmtpServer.start();
        smartHost = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withOutboundSmartHost(ShippedConfiguration.read("mailetcontainer.xml"), "127.0.0.1", smartHost.port()));
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("signco", List.of("signco.test"), tenantServer.port(), List.of("127.0.0.0/8"));
        webAdmin.request().body("{\"disclaimer\": {\"text\": \"" + DISCLAIMER + "\"}}").put("/gatehouse/tenants/signco/policy")
            .then().statusCode(200);
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        tenantServer.close();
        smartHost.close();
    }

    @AfterEach
    void stopDns() throws InterruptedException {
        for (LoopbackDnsServer dns : dnsServers) {
            dns.close();
        }
    }

    /** A DNS server answering the keys' TXT records, as a zone file would hold them (split in 255-character strings). */
    private LoopbackDnsServer publish(List<JsonPath> keys) throws Exception {
        LoopbackDnsServer.Builder zone = LoopbackDnsServer.builder();
        for (JsonPath key : keys) {
            String strings = String.join(" ", key.getList("txtStrings", String.class).stream().map(string -> "\"" + string + "\"").toList());
            zone.record(key.getString("dnsName") + ". 300 IN TXT " + strings);
        }
        LoopbackDnsServer dns = zone.start(workDir.resolve("dns-" + dnsServers.size()));
        dnsServers.add(dns);
        return dns;
    }

    /** jDKIM's key lookup through dnsjava, asking the loopback server (never the machine's resolver). */
    static PublicKeyRecordRetriever retriever(LoopbackDnsServer dns) throws Exception {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dns.port());
        return (method, selector, domain) -> {
            try {
                Lookup lookup = new Lookup(selector + "._domainkey." + domain, Type.TXT);
                lookup.setResolver(resolver);
                lookup.setCache(null);
                Record[] answers = lookup.run();
                if (lookup.getResult() == Lookup.TRY_AGAIN) {
                    throw new TempFailException("DNS lookup of " + selector + "._domainkey." + domain + ": " + lookup.getErrorString());
                }
                if (answers == null) {
                    throw new PermFailException("No key for " + selector + "._domainkey." + domain + ": " + lookup.getErrorString());
                }
                List<String> records = new ArrayList<>();
                for (Record answer : answers) {
                    records.add(String.join("", ((TXTRecord) answer).getStrings()));
                }
                return records;
            } catch (org.xbill.DNS.TextParseException e) {
                throw new PermFailException("Bad name: " + e.getMessage());
            }
        };
    }

    private static JsonPath generate(String selector) {
        return webAdmin.request().body("{\"selector\": \"" + selector + "\"}").post(KEYS).then().statusCode(201).extract().jsonPath();
    }

    private static void activate(String selector) {
        webAdmin.request().post(KEYS + "/" + selector + "/activate").then().statusCode(200);
    }

    /** Sends a UTF-8, 8bit message from the relay client to an outside recipient; what the smart host received. */
    private static DownstreamSmtpServer.Received send(String recipient) throws Exception {
        String message = "From: Sales <sales@signco.test>\r\nTo: " + recipient + "\r\nSubject: Our offer\r\n"
            + "Date: " + SmtpClient.dateNow() + "\r\nMessage-ID: <" + recipient.replace('@', '.') + "@signco.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Our offer: 100 € per unit.\r\nRegards, Sales\r\n";
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "desk.signco.test")) {
            assertThat(smtp.send("sales@signco.test", List.of(recipient), message).code()).isEqualTo(250);
        }
        return await().atMost(Duration.ofSeconds(60))
            .until(() -> smartHost.received().stream().filter(received -> received.recipient().equals(recipient)).toList(),
                list -> !list.isEmpty()).get(0);
    }

    private static List<SignatureRecord> verify(DownstreamSmtpServer.Received received, LoopbackDnsServer dns) throws Exception {
        return new DKIMVerifier(retriever(dns)).verify(new ByteArrayInputStream(received.data()));
    }

    private static String text(DownstreamSmtpServer.Received received) throws Exception {
        return (String) new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(received.data())).getContent();
    }

    @Test
    void outboundMailShouldBeSignedWithTheDisclaimerCoveredAndVerifyAtTheReceiverThenWithTheNewKeyAfterRotation() throws Exception {
        JsonPath first = generate("gh202612");
        assertThat(first.getString("state")).isEqualTo("pending");
        // a pending key does not sign yet: its TXT record may not be published
        DownstreamSmtpServer.Received unsigned = send("before@customer.example");
        assertThat(unsigned.content()).doesNotContain("DKIM-Signature");

        activate("gh202612");
        LoopbackDnsServer dns = publish(List.of(first));
        DownstreamSmtpServer.Received signed = send("buyer@customer.example");

        assertThat(verify(signed, dns)).singleElement().satisfies(record -> {
            assertThat(record.getDToken().toString()).isEqualTo("signco.test");
            assertThat(record.getSelector().toString()).isEqualTo("gh202612");
        });
        assertThat(text(signed)).contains(DISCLAIMER).contains("100 € per unit.");
        Map<String, Object> record = await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages("recipient=buyer@customer.example"),
            found -> found.size() == 1 && "delivered".equals(found.get(0).get("disposition"))).get(0);
        assertThat(record.get("reasons").toString()).contains("DKIM_SIGNED d=signco.test s=gh202612");

        // rotation: the new key is published beside the old one, then activated
        JsonPath second = generate("gh202701");
        LoopbackDnsServer rotated = publish(List.of(first, second));
        activate("gh202701");
        DownstreamSmtpServer.Received afterRotation = send("again@customer.example");

        assertThat(verify(afterRotation, rotated)).singleElement()
            .satisfies(signature -> assertThat(signature.getSelector().toString()).isEqualTo("gh202701"));
        assertThat(text(afterRotation)).contains(DISCLAIMER);
        assertThat(webAdmin.request().get(KEYS).then().statusCode(200).extract().jsonPath().getList("state", String.class))
            .containsExactly("retired", "active");
        // the receiver's DNS without the new key: the signature does not verify (the check above is not vacuous)
        assertThatThrownBy(() -> verify(afterRotation, dns)).isInstanceOf(PermFailException.class);
    }

    @Test
    void mailToAnotherTenantShouldBeSignedAfterThatTenantTagsItsSubjectAndVerifyAtItsServer() throws Exception {
        // tagco tags every message's Subject; signco's relay client writes to it: outbound for signco, inbound for tagco
        try (DownstreamSmtpServer tagcoServer = DownstreamSmtpServer.start()) {
            webAdmin.createTenant("tagco", List.of("tagco.test"), tagcoServer.port(), List.of());
            webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 0, \"quarantine\": null,"
                + " \"block\": null}, \"subjectPrefix\": \"[TAGCO]\"}}").put("/gatehouse/tenants/tagco/policy").then().statusCode(200);
            // a domain of signco's own for this test, so that its keys are apart from the rotation test's
            webAdmin.request().body(Map.of("name", "Tenant signco", "domains", List.of("signco.test", "news.signco.test"),
                    "downstream", Map.of("host", "127.0.0.1", "port", tenantServer.port(), "requireTls", false),
                    "relayClients", List.of("127.0.0.0/8")))
                .put("/gatehouse/tenants/signco").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
            String keys = "/gatehouse/tenants/signco/dkim/news.signco.test";
            JsonPath key = webAdmin.request().body("{\"selector\": \"news1\"}").post(keys).then().statusCode(201).extract().jsonPath();
            webAdmin.request().post(keys + "/news1/activate").then().statusCode(200);
            LoopbackDnsServer dns = publish(List.of(key));

            String message = "From: News <news@news.signco.test>\r\nTo: buyer@tagco.test\r\nSubject: Our offer\r\n"
                + "Date: " + SmtpClient.dateNow() + "\r\nMessage-ID: <cross-tenant@news.signco.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOur offer, for our partner.\r\n";
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "desk.signco.test")) {
                assertThat(smtp.send("news@news.signco.test", List.of("buyer@tagco.test"), message).code()).isEqualTo(250);
            }
            DownstreamSmtpServer.Received received = await().atMost(Duration.ofSeconds(60))
                .until(tagcoServer::received, list -> !list.isEmpty()).get(0);

            assertThat(received.content()).contains("Subject: [TAGCO] Our offer");
            assertThat(verify(received, dns)).singleElement().satisfies(record -> {
                assertThat(record.getDToken().toString()).isEqualTo("news.signco.test");
                assertThat(record.getSelector().toString()).isEqualTo("news1");
            });
            // the signing is signco's, on signco's (outbound) record
            List<Map<String, Object>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> webAdmin.messages("recipient=buyer@tagco.test"), found -> found.size() == 2
                    && found.stream().allMatch(entry -> "delivered".equals(entry.get("disposition"))));
            assertThat(records).filteredOn(record -> "outbound".equals(record.get("direction"))).singleElement()
                .satisfies(record -> assertThat(record.get("reasons").toString()).contains("DKIM_SIGNED d=news.signco.test s=news1"));
            assertThat(records).filteredOn(record -> "inbound".equals(record.get("direction"))).singleElement()
                .satisfies(record -> assertThat(record.get("reasons").toString()).doesNotContain("DKIM_SIGNED"));
        }
    }
}
