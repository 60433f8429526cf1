package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authenticated submission on the shipped gateway (docs/submission.md): the STARTTLS listener (587) and the implicit
 * TLS one (465), SMTP AUTH against the tenants' submission accounts, the lockout, and the sender domains. Each test
 * connects from its own loopback address, so that one's failed logins do not lock another out.
 */
class SubmissionPipelineTest {
    private static final Duration SETTLED = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        downstream = DownstreamSmtpServer.start();
        gateway = GatewayProcess.start(workDir.resolve("gateway"));
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("alpha", List.of("alpha.example"), downstream.port(), List.of());
        webAdmin.createTenant("beta", List.of("beta.example"), downstream.port(), List.of());
        for (String login : List.of("alice@alpha.example", "carol@alpha.example", "dave@alpha.example", "burst@alpha.example")) {
            webAdmin.request().body(Map.of("password", PASSWORD)).put("/gatehouse/tenants/alpha/submission-accounts/" + login).then().statusCode(201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        downstream.close();
    }

    private static String message(String from, String to, String subject) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@alpha.example>\r\n\r\nHello from a mail client.\r\n";
    }

    private static void awaitDelivered(String recipient, String subject) {
        await().atMost(SETTLED).until(() -> downstream.received().stream()
            .anyMatch(received -> received.recipient().equals(recipient) && received.content().contains(subject)));
    }

    @Test
    void authShouldBeRefusedBeforeStartTlsAndWorkAfterItOnTheSubmissionPort() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.submissionPort(), "laptop.alpha.example", "127.0.0.20")) {
            assertThat(smtp.ehloReply("laptop.alpha.example")).doesNotContain("AUTH");
            SmtpClient.Reply early = smtp.authPlain("alice@alpha.example", PASSWORD);
            assertThat(early.code()).isEqualTo(538);
            assertThat(smtp.mailFrom("alice@alpha.example").code()).isEqualTo(530);

            assertThat(smtp.startTls("laptop.alpha.example").code()).isEqualTo(250);
            assertThat(smtp.ehloReply("laptop.alpha.example")).contains("AUTH LOGIN PLAIN");
            assertThat(smtp.authPlain("alice@alpha.example", PASSWORD).code()).isEqualTo(235);
            assertThat(smtp.send("alice@alpha.example", List.of("bob@beta.example"), message("Alice <alice@alpha.example>", "bob@beta.example",
                "submitted over starttls")).code()).isEqualTo(250);
        }
        awaitDelivered("bob@beta.example", "submitted over starttls");
        // attributed to the account's tenant: its outbound mail, and beta's inbound
        Map<String, Object> record = await().atMost(SETTLED).until(() -> webAdmin.messages("sender=alice@alpha.example"),
            found -> found.stream().anyMatch(one -> "delivered".equals(one.get("disposition")))).get(0);
        assertThat(record.get("clientIp")).isEqualTo("127.0.0.20");
        assertThat(record.get("tls").toString()).startsWith("TLSv1.");
        assertThat(webAdmin.messages("tenant=alpha&sender=alice@alpha.example")).isNotEmpty();
    }

    @Test
    void implicitTlsShouldTakeAuthLoginAndSubmit() throws Exception {
        try (SmtpClient smtp = SmtpClient.connectImplicitTls(gateway.submissionsPort(), "phone.alpha.example", "127.0.0.21")) {
            assertThat(smtp.ehloReply("phone.alpha.example")).contains("AUTH LOGIN PLAIN");
            assertThat(smtp.authLogin("dave@alpha.example", PASSWORD).code()).isEqualTo(235);
            assertThat(smtp.send("dave@alpha.example", List.of("erin@beta.example"), message("dave@alpha.example", "erin@beta.example",
                "submitted over implicit tls")).code()).isEqualTo(250);
        }
        awaitDelivered("erin@beta.example", "submitted over implicit tls");
    }

    @Test
    void twentyWrongPasswordsShouldLockTheClientOutAndBeRecorded() throws Exception {
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.submissionPort(), "guesser.test", java.net.InetAddress.getByName("127.0.0.22"))) {
            for (int attempt = 0; attempt < 20; attempt++) {
                assertThat(smtp.authPlain("carol@alpha.example", "wrong password " + attempt).code()).as("attempt " + attempt).isEqualTo(535);
            }
            SmtpClient.Reply locked = smtp.authPlain("carol@alpha.example", PASSWORD);
            assertThat(locked.code()).isEqualTo(454);
            assertThat(locked.text()).contains("4.7.0");
        }
        List<Map<String, Object>> audit = webAdmin.request().get("/gatehouse/audit?action=LOCKOUT smtp_client_ip").then().statusCode(200)
            .extract().jsonPath().getList("$");
        assertThat(audit).anySatisfy(record -> assertThat(record.get("target").toString()).startsWith("127.0.0.22 until "));
        assertThat(webAdmin.request().get("/gatehouse/audit?action=LOCKOUT smtp_account").then().extract().jsonPath().getList("target", String.class))
            .anySatisfy(target -> assertThat(target).startsWith("carol@alpha.example until "));
        // each refused AUTH is in the message log
        assertThat(await().atMost(SETTLED).until(() -> webAdmin.messages("limit=1000").stream()
            .filter(record -> "127.0.0.22".equals(record.get("clientIp"))).toList(), found -> !found.isEmpty()))
            .anySatisfy(record -> assertThat(record.get("ruleIds").toString()).containsAnyOf("SUBMISSION_AUTH_FAILED", "SUBMISSION_LOCKED_OUT"));
    }

    @Test
    void anAuthenticatedUserShouldNotSendAsAnotherTenantsDomain() throws Exception {
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.submissionPort(), "laptop.alpha.example", java.net.InetAddress.getByName("127.0.0.23"))) {
            assertThat(smtp.authPlain("alice@alpha.example", PASSWORD).code()).isEqualTo(235);
            SmtpClient.Reply envelope = smtp.mailFrom("ceo@beta.example");
            assertThat(envelope.code()).isEqualTo(553);
            assertThat(envelope.text()).contains("5.7.1", "beta.example");
            // the envelope is the tenant's, the From header is not
            assertThat(smtp.mailFrom("alice@alpha.example").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("frank@beta.example").code()).isEqualTo(250);
            SmtpClient.Reply header = smtp.data(message("The CEO <ceo@beta.example>", "frank@beta.example", "spoofed from"));
            assertThat(header.code()).isEqualTo(553);
        }
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("frank@beta.example"));
        assertThat(await().atMost(SETTLED).until(() -> webAdmin.messages("sender=ceo@beta.example"), found -> !found.isEmpty()).get(0)
            .get("ruleIds").toString()).contains("SUBMISSION_SENDER_NOT_ALLOWED");
    }

    @Test
    void thePublicPortShouldOfferNoAuth() throws Exception {
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.smtpPort(), "mx.sender.test", java.net.InetAddress.getByName("127.0.0.24"))) {
            assertThat(smtp.ehloReply("mx.sender.test")).doesNotContain("AUTH");
            assertThat(smtp.authPlain("alice@alpha.example", PASSWORD).code()).isNotEqualTo(235);
        }
    }

    @Test
    void submissionAccountsShouldBeAtTheTenantsDomainsAndOneNamespace() {
        webAdmin.request().body(Map.of("password", PASSWORD)).put("/gatehouse/tenants/alpha/submission-accounts/someone@beta.example")
            .then().statusCode(400);
        webAdmin.request().body(Map.of("password", "short")).put("/gatehouse/tenants/alpha/submission-accounts/gil@alpha.example")
            .then().statusCode(400);
        webAdmin.request().body(Map.of("password", PASSWORD)).put("/gatehouse/tenants/beta/submission-accounts/alice@alpha.example")
            .then().statusCode(400);
        String listed = webAdmin.request().get("/gatehouse/tenants/alpha/submission-accounts").then().statusCode(200).extract().asString();
        assertThat(listed).contains("alice@alpha.example").doesNotContain(PASSWORD).doesNotContain("argon2");
    }

    @Test
    void outboundSpamShouldBeHeldByTheSendersTenant() throws Exception {
        webAdmin.request().body("{\"outbound\": {\"spam\": {\"tag\": 60, \"quarantine\": 80}}}").put("/gatehouse/tenants/alpha/policy")
            .then().statusCode(200);
        String gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.submissionPort(), "laptop.alpha.example", java.net.InetAddress.getByName("127.0.0.25"))) {
            assertThat(smtp.authPlain("alice@alpha.example", PASSWORD).code()).isEqualTo(235);
            assertThat(smtp.send("alice@alpha.example", List.of("prospect@outside.test"), message("alice@alpha.example", "prospect@outside.test",
                "outbound gtube").replace("Hello from a mail client.", gtube)).code()).isEqualTo(250);
        }
        Map<String, Object> record = await().atMost(SETTLED).until(() -> webAdmin.messages("recipient=prospect@outside.test"),
            found -> found.stream().anyMatch(one -> "quarantined".equals(one.get("disposition")))).get(0);
        assertThat(record.get("reasons").toString()).contains("OUTBOUND_SPAM (quarantine): outbound score 100", "GTUBE");
        assertThat(webAdmin.request().get("/gatehouse/quarantine?tenant=alpha&reason=spam").then().statusCode(200).extract().jsonPath()
            .getLong("total")).isPositive();
    }

    @Test
    void aBurstFarOverTheSendersBaselineShouldBeHeldAndTheAdministratorTold() throws Exception {
        webAdmin.request().body("{\"outbound\": {\"anomaly\": {\"factor\": 3, \"minMessages\": 5, \"notifyTo\": [\"admin@alpha.example\"]}}}")
            .put("/gatehouse/tenants/alpha/policy").then().statusCode(200);
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.submissionPort(), "laptop.alpha.example", java.net.InetAddress.getByName("127.0.0.26"))) {
            assertThat(smtp.authPlain("burst@alpha.example", PASSWORD).code()).isEqualTo(235);
            for (int i = 1; i <= 7; i++) {
                assertThat(smtp.send("burst@alpha.example", List.of("reader" + i + "@beta.example"), message("burst@alpha.example",
                    "reader" + i + "@beta.example", "burst " + i)).code()).isEqualTo(250);
            }
        }
        for (int i = 1; i <= 5; i++) {
            awaitDelivered("reader" + i + "@beta.example", "burst " + i);
        }
        for (int i = 6; i <= 7; i++) {
            String recipient = "reader" + i + "@beta.example";
            Map<String, Object> held = await().atMost(SETTLED).until(() -> webAdmin.messages("recipient=" + recipient),
                found -> found.stream().anyMatch(one -> "quarantined".equals(one.get("disposition")))).get(0);
            assertThat(held.get("reasons").toString()).contains("OUTBOUND_VOLUME_ANOMALY");
        }
        // the administrator is told once, in the tenant's own domain
        await().atMost(SETTLED).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("admin@alpha.example")
            && received.content().contains("burst@alpha.example") && received.content().contains("OUTBOUND_VOLUME_ANOMALY")));
        assertThat(downstream.received()).filteredOn(received -> received.recipient().equals("admin@alpha.example")).hasSize(1);
        assertThat(downstream.received()).noneMatch(received -> received.recipient().startsWith("reader6@")
            || received.recipient().startsWith("reader7@"));
    }

    @Test
    void outboundSpamOverTheBlockThresholdShouldBounceToTheSenderWithTheReason() throws Exception {
        webAdmin.request().body("{\"outbound\": {\"spam\": {\"quarantine\": 80, \"block\": 95}}}").put("/gatehouse/tenants/alpha/policy")
            .then().statusCode(200);
        String gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
        try (SmtpClient smtp = SmtpClient.connectWithStartTls(gateway.submissionPort(), "laptop.alpha.example", java.net.InetAddress.getByName("127.0.0.27"))) {
            assertThat(smtp.authPlain("dave@alpha.example", PASSWORD).code()).isEqualTo(235);
            assertThat(smtp.send("dave@alpha.example", List.of("target@outside.test"), message("dave@alpha.example", "target@outside.test",
                "outbound blocked").replace("Hello from a mail client.", gtube)).code()).isEqualTo(250);
        }
        // the bounce reaches the sender through its tenant's own server, and says why
        await().atMost(SETTLED).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("dave@alpha.example")
            && received.content().contains("outbound spam policy")));
        assertThat(webAdmin.messages("recipient=target@outside.test").get(0).get("reasons").toString()).contains("OUTBOUND_SPAM (block)");
    }
}
