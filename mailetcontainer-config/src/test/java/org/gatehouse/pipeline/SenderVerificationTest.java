package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.james.jdkim.DKIMSigner;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.gatehouse.sender.geo.TestCountryDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sender verification over SMTP, against a real DNS server on loopback (unbound) that serves SPF, DKIM keys,
 * DMARC, PTR and DNSBL records, with messages signed in the test with a key generated for it.
 */
class SenderVerificationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;
    static LoopbackDnsServer dns;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;
    static KeyPair dkimKey;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        dkimKey = generator.generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(dkimKey.getPublic().getEncoded());
        dns = LoopbackDnsServer.builder()
            .record("good.test. IN TXT \"v=spf1 ip4:127.0.0.1 -all\"")
            .record("sel._domainkey.good.test. IN TXT " + quotedStrings("v=DKIM1; k=rsa; p=" + publicKey))
            .record("_dmarc.good.test. IN TXT \"v=DMARC1; p=reject\"")
            .record("forged.test. IN TXT \"v=spf1 -all\"")
            .record("_dmarc.forged.test. IN TXT \"v=DMARC1; p=reject\"")
            .record("doubtful.test. IN TXT \"v=spf1 -all\"")
            .record("_dmarc.doubtful.test. IN TXT \"v=DMARC1; p=quarantine\"")
            .record("broken.test. IN TXT \"v=spf1 ip4:127.0.0.1 ip4:300.1.2.3 -all\"")
            .record("_dmarc.broken.test. IN TXT \"v=DMARC1; p=sometimes\"")
            .record("1.0.0.127.bl.test. IN A 127.0.0.2")
            .timeoutZone("slow.test.")
            .start(workDir.resolve("dns"));
        downstream = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        // The test clients connect from loopback: this country database places 127.0.0.0/8 in North Korea.
        Path countries = TestCountryDatabase.write(workDir.resolve("countries.mmdb"), Map.of("127.0.0.0/8", "KP"));
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + dns.address() + "\n"
            + "dns.timeout=500ms\n" + "sender.budget=3s\n" + "sender.authservId=mx.gatehouse.test\n"
            + "geoip.database=" + countries + "\n");
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
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

    private static String quotedStrings(String text) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 200) {
            parts.add("\"" + text.substring(i, Math.min(text.length(), i + 200)) + "\"");
        }
        return String.join(" ", parts);
    }

    private static void tenant(String id, String policyJson) throws Exception {
        webAdmin.createTenant(id, List.of(id + ".example"), downstream.port(), List.of());
        if (policyJson != null) {
            webAdmin.request().body(MAPPER.readTree(policyJson).toString())
                .put("/gatehouse/tenants/" + id + "/policy").then().statusCode(200);
        }
    }

    private static String message(String from, String to, String subject) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject + "@test>\r\n\r\nHello.\r\n";
    }

    private static String signed(String message) throws Exception {
        DKIMSigner signer = new DKIMSigner("v=1; s=sel; d=good.test; h=from:to:subject:date:message-id; a=rsa-sha256; "
            + "bh=; b=; c=relaxed/relaxed;", dkimKey.getPrivate());
        String signature = signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        return signature + "\r\n" + message;
    }

    private static SmtpClient.Reply send(String from, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            SmtpClient.Reply reply = smtp.mailFrom(from);
            if (!reply.positive()) {
                return reply;
            }
            reply = smtp.rcptTo(to);
            if (!reply.positive()) {
                return reply;
            }
            return smtp.data(message);
        }
    }

    private static DownstreamSmtpServer.Received awaitDelivered(String recipient) {
        return await().atMost(DELIVERY).until(() -> downstream.received().stream()
            .filter(received -> received.recipient().equals(recipient)).findFirst(), found -> found.isPresent()).orElseThrow();
    }

    private static Map<String, Object> awaitLogged(String recipient, String disposition) {
        return await().atMost(DELIVERY).until(() -> webAdmin.messages("recipient=" + recipient),
            found -> found.size() == 1 && disposition.equals(found.get(0).get("disposition"))).get(0);
    }

    private static String authenticationResults(String content) {
        String unfolded = content.replace("\r\n\t", " ").replace("\r\n ", " ");
        return unfolded.lines().filter(line -> line.startsWith("Authentication-Results: mx.gatehouse.test;"))
            .findFirst().orElseThrow(() -> new AssertionError("no Authentication-Results header in\n" + content));
    }

    @Test
    void aSignedMessageFromAnAuthorizedServerShouldPassEveryCheck() throws Exception {
        tenant("pass", null);
        String message = signed(message("alice@good.test", "bob@pass.example", "all-pass"));

        assertThat(send("alice@good.test", "bob@pass.example", message).code()).isEqualTo(250);

        String results = authenticationResults(awaitDelivered("bob@pass.example").content());
        assertThat(results).contains("spf=pass smtp.mailfrom=good.test", "dkim=pass header.d=good.test header.s=sel",
            "dmarc=pass", "header.from=good.test", "iprev=pass policy.iprev=127.0.0.1");
        assertThat((List<?>) awaitLogged("bob@pass.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("DMARC_PASS"));
    }

    @Test
    void aForgedHeaderClaimingOurAuthservIdShouldBeReplaced() throws Exception {
        tenant("forgedar", null);
        String message = "Authentication-Results: mx.gatehouse.test; spf=pass smtp.mailfrom=good.test; dkim=pass\r\n"
            + "Authentication-Results: other.example; spf=none\r\n"
            + message("alice@good.test", "bob@forgedar.example", "forged-ar");

        assertThat(send("alice@good.test", "bob@forgedar.example", signed(message)).code()).isEqualTo(250);

        String content = awaitDelivered("bob@forgedar.example").content();
        assertThat(content.lines().filter(line -> line.startsWith("Authentication-Results: mx.gatehouse.test"))).hasSize(1);
        assertThat(content).contains("Authentication-Results: other.example; spf=none");
    }

    @Test
    void dmarcRejectOfAForgedSenderShouldBeRefusedAtTheEndOfData() throws Exception {
        tenant("honor", null);

        SmtpClient.Reply reply = send("ceo@forged.test", "bob@honor.example", message("ceo@forged.test", "bob@honor.example", "forged"));

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1", "DMARC_FAIL");
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@honor.example"));
    }

    @Test
    void dmarcQuarantineShouldQuarantineTheMessage() throws Exception {
        tenant("quar", null);

        assertThat(send("x@doubtful.test", "bob@quar.example", message("x@doubtful.test", "bob@quar.example", "doubtful")).code())
            .isEqualTo(250);

        Map<String, Object> record = awaitLogged("bob@quar.example", "quarantined");
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).startsWith("DMARC_FAIL"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@quar.example"));
    }

    @Test
    void aListedClientShouldBeRefusedAtRcpt() throws Exception {
        tenant("rbl", "{\"sender\": {\"dnsbl\": {\"zones\": [{\"zone\": \"bl.test\", \"returnCodes\": {\"127.0.0.2\": \"spam source\"}, \"action\": \"block\"}]}}}");

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@good.test").code()).isEqualTo(250);
            SmtpClient.Reply reply = smtp.rcptTo("bob@rbl.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1", "DNSBL_LISTED", "bl.test");
        }
    }

    @Test
    void aBlockListedSenderShouldBeRefusedAtRcpt() throws Exception {
        tenant("blocker", "{\"sender\": {\"block\": [{\"type\": \"domain\", \"value\": \"good.test\"}]}}");

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@good.test").code()).isEqualTo(250);
            SmtpClient.Reply reply = smtp.rcptTo("bob@blocker.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("SENDER_BLOCKLISTED");
        }
    }

    @Test
    void aClientInABlockedCountryShouldBeRefusedAtRcpt() throws Exception {
        tenant("geoblock", "{\"sender\": {\"countries\": {\"mode\": \"block\", \"list\": [\"KP\", \"RU\"]}}}");

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@good.test").code()).isEqualTo(250);
            SmtpClient.Reply reply = smtp.rcptTo("bob@geoblock.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1", "GEOIP_COUNTRY_REFUSED", "KP");
        }
    }

    @Test
    void aClientOutsideTheBlockedCountriesShouldBeAccepted() throws Exception {
        tenant("geook", "{\"sender\": {\"countries\": {\"mode\": \"block\", \"list\": [\"FR\"]}}}");

        assertThat(send("alice@good.test", "bob@geook.example", signed(message("alice@good.test", "bob@geook.example", "geo-ok"))).code())
            .isEqualTo(250);

        awaitDelivered("bob@geook.example");
        assertThat((List<?>) awaitLogged("bob@geook.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("GEOIP_COUNTRY (geoip=KP)"));
    }

    @Test
    void theOperatorsGlobalBlockListShouldRefuseForEveryTenant() throws Exception {
        tenant("globalvictim", "{\"sender\": {\"allow\": [{\"type\": \"domain\", \"value\": \"spammer.test\"}]}}");
        webAdmin.request().body("{\"type\": \"domain\", \"value\": \"spammer.test\", \"comment\": \"abuse desk\"}")
            .post("/gatehouse/senders/block").then().statusCode(201);

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("bulk@spammer.test").code()).isEqualTo(250);
            SmtpClient.Reply reply = smtp.rcptTo("bob@globalvictim.example");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("SENDER_GLOBAL_BLOCKLISTED");
        }
    }

    @Test
    void anAllowListedSenderShouldBeDeliveredDespiteFailingChecks() throws Exception {
        tenant("allow", "{\"sender\": {\"allow\": [{\"type\": \"subdomains\", \"value\": \"forged.test\"}]}}");

        assertThat(send("ceo@forged.test", "bob@allow.example", message("ceo@forged.test", "bob@allow.example", "allowed")).code())
            .isEqualTo(250);

        assertThat(authenticationResults(awaitDelivered("bob@allow.example").content())).contains("spf=fail", "dmarc=fail");
        assertThat((List<?>) awaitLogged("bob@allow.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("SENDER_ALLOWLISTED"));
    }

    @Test
    void anExemptedDomainShouldSkipTheExemptedChecks() throws Exception {
        tenant("exempt", "{\"sender\": {\"exemptions\": {\"spf\": [{\"type\": \"domain\", \"value\": \"forged.test\"}],"
            + " \"dmarc\": [{\"type\": \"domain\", \"value\": \"forged.test\"}]}}}");

        assertThat(send("ceo@forged.test", "bob@exempt.example", message("ceo@forged.test", "bob@exempt.example", "exempt")).code())
            .isEqualTo(250);

        awaitDelivered("bob@exempt.example");
        assertThat((List<?>) awaitLogged("bob@exempt.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("DMARC_EXEMPT"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("SPF_EXEMPT"));
    }

    @Test
    void malformedRecordsShouldGivePermerrorsAndNeverCrash() throws Exception {
        // not "broken.example": broken.test would be the tenant's own name under another suffix, which phishing flags
        tenant("permerrors", null);

        assertThat(send("x@broken.test", "bob@permerrors.example", message("x@broken.test", "bob@permerrors.example", "broken")).code())
            .isEqualTo(250);

        assertThat(authenticationResults(awaitDelivered("bob@permerrors.example").content())).contains("spf=permerror", "dmarc=permerror");
    }

    @Test
    void aDnsTimeoutShouldTempfailWhenTheTenantSaysSo() throws Exception {
        tenant("strict", "{\"sender\": {\"onDnsTemporaryError\": \"tempfail\"}}");

        SmtpClient.Reply reply = send("x@host.slow.test", "bob@strict.example", message("x@host.slow.test", "bob@strict.example", "slow"));

        assertThat(reply.code()).isEqualTo(451);
        assertThat(reply.text()).contains("4.7.0", "SPF_TEMPERROR");
    }

    @Test
    void aDnsTimeoutShouldBeMarkedTemperrorWhenTheTenantContinues() throws Exception {
        tenant("lenient", null);

        assertThat(send("x@host.slow.test", "bob@lenient.example", message("x@host.slow.test", "bob@lenient.example", "slow2")).code())
            .isEqualTo(250);

        assertThat(authenticationResults(awaitDelivered("bob@lenient.example").content())).contains("spf=temperror", "dmarc=temperror");
    }
}
