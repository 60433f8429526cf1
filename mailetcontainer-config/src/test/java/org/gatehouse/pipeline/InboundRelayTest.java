package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbound mail through the real gateway process: SMTP in, the tenant's own server out. */
class InboundRelayTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static WebAdmin webAdmin;

    @BeforeAll
    static void startGateway() throws Exception {
        downstream = DownstreamSmtpServer.start();
        gateway = GatewayProcess.start(workDir.resolve("gateway"));
        webAdmin = new WebAdmin(gateway.webAdminPort());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (downstream != null) {
            downstream.close();
        }
    }

    private static String uniqueDomain() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static String message(String from, String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\n"
            + "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject + "@sender.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + body;
    }

    /** The message as sent: the trace headers the downstream and the gateway add (Received, Authentication-Results, X-Gatehouse-*) removed. */
    static String withoutGatewayHeaders(String content) {
        int bodyStart = content.indexOf("\n\n");
        StringBuilder headers = new StringBuilder();
        boolean skipping = false;
        for (String line : content.substring(0, bodyStart + 1).split("\n")) {
            boolean continuation = line.startsWith(" ") || line.startsWith("\t");
            if (!continuation) {
                skipping = line.startsWith("Received:") || line.startsWith("Authentication-Results:")
                    || line.startsWith("X-Gatehouse-");
            }
            if (!skipping) {
                headers.append(line).append('\n');
            }
        }
        return headers + content.substring(bodyStart + 1);
    }

    private static List<String> headerLines(String content) {
        return List.of(content.substring(0, content.indexOf("\n\n")).split("\n"));
    }

    private static String body(String content) {
        return content.substring(content.indexOf("\n\n") + 2);
    }

    private List<DownstreamSmtpServer.Received> awaitReceived(String recipient, int count) {
        return await().atMost(DELIVERY).until(
            () -> downstream.received().stream().filter(received -> received.recipient().equals(recipient)).toList(),
            received -> received.size() >= count);
    }

    @Test
    void inboundMailShouldReachTheTenantDownstreamIntactWithAReceivedHeader() throws Exception {
        String domain = uniqueDomain();
        webAdmin.createTenant("in-" + domain.substring(0, 9), List.of(domain), downstream.port(), List.of());
        String recipient = "bob@" + domain;
        String body = "Hello Bob,\r\n.a line that starts with a dot\r\nÜnïcödé 8-bit line\r\n\r\n-- \r\nAlice\r\n";
        String message = message("alice@sender.example", recipient, "intact-" + domain, body);

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
            assertThat(smtp.send("alice@sender.example", List.of(recipient), message).code()).isEqualTo(250);
        }

        DownstreamSmtpServer.Received received = awaitReceived(recipient, 1).get(0);
        assertThat(received.sender()).isEqualTo("alice@sender.example");
        String content = received.content().replace("\r\n", "\n");
        String gatewayTrace = content.substring(content.indexOf("Received: from localhost (EHLO mx.sender.example)"));
        assertThat(gatewayTrace).as("the gateway's Received header").contains("for <" + recipient + ">");
        assertThat(content).contains("\nAuthentication-Results: gatehouse.localdomain;");
        assertThat(headerLines(withoutGatewayHeaders(content))).containsExactlyInAnyOrderElementsOf(headerLines(message.replace("\r\n", "\n")));
        assertThat(body(content)).isEqualTo(body(message.replace("\r\n", "\n")));
    }

    @Test
    void webAdminShouldNotLetAnyWebPageReadIt() {
        String allowedOrigin = webAdmin.request().header("Origin", "https://evil.example")
            .get("/gatehouse/tenants").then().statusCode(200).extract().header("Access-Control-Allow-Origin");

        assertThat(allowedOrigin).isNotIn("*", "https://evil.example");
    }

    @Test
    void rcptToAnUnknownDomainShouldBeRefusedWith550() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
            assertThat(smtp.mailFrom("alice@sender.example").code()).isEqualTo(250);
            SmtpClient.Reply reply = smtp.rcptTo("bob@" + uniqueDomain());
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1");
        }
    }

    @Test
    void relayFromLoopbackThatIsNotARelayClientShouldBeRefused() throws Exception {
        String domain = uniqueDomain();
        webAdmin.createTenant("nr-" + domain.substring(0, 9), List.of(domain), downstream.port(), List.of("192.0.2.0/24"));
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "client.example")) {
            assertThat(smtp.mailFrom("alice@" + domain).code()).isEqualTo(250);
            assertThat(smtp.rcptTo("someone@elsewhere.example").code()).isEqualTo(550);
            assertThat(smtp.rcptTo("bob@" + domain).code()).isEqualTo(250);
        }
    }

    @Test
    void aMessageForTwoTenantsShouldReachEachTenantOnceAndBeLoggedPerTenant() throws Exception {
        String first = uniqueDomain();
        String second = uniqueDomain();
        try (DownstreamSmtpServer secondDownstream = DownstreamSmtpServer.start()) {
            webAdmin.createTenant("a-" + first.substring(0, 9), List.of(first), downstream.port(), List.of());
            webAdmin.createTenant("b-" + second.substring(0, 9), List.of(second), secondDownstream.port(), List.of());
            String subject = "split-" + first;
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send("carol@sender.example", List.of("x@" + first, "y@" + second),
                    message("carol@sender.example", "x@" + first + ", y@" + second, subject, "both\r\n")).code()).isEqualTo(250);
            }
            awaitReceived("x@" + first, 1);
            await().atMost(DELIVERY).until(() -> secondDownstream.received().size() == 1);
            assertThat(secondDownstream.received().get(0).recipient()).isEqualTo("y@" + second);
            assertThat(downstream.received().stream().filter(received -> received.recipient().equals("y@" + second))).isEmpty();

            List<Map<String, Object>> records = await().atMost(DELIVERY).until(
                () -> webAdmin.messages("sender=carol@sender.example"),
                found -> found.size() == 2 && found.stream().allMatch(record -> "delivered".equals(record.get("disposition"))));
            assertThat(records).extracting(record -> record.get("tenant"))
                .containsExactlyInAnyOrder("a-" + first.substring(0, 9), "b-" + second.substring(0, 9));
        }
    }

    @Test
    void aRecipientRefusedByTheDownstreamShouldBeBouncedToTheSenderAndLogged() throws Exception {
        String recipientDomain = uniqueDomain();
        String senderDomain = uniqueDomain();
        try (DownstreamSmtpServer senderServer = DownstreamSmtpServer.start()) {
            webAdmin.createTenant("rcv-" + recipientDomain.substring(0, 9), List.of(recipientDomain), downstream.port(), List.of());
            webAdmin.createTenant("snd-" + senderDomain.substring(0, 9), List.of(senderDomain), senderServer.port(), List.of());
            String recipient = DownstreamSmtpServer.UNKNOWN_USER_PREFIX + "bob@" + recipientDomain;
            String sender = "frank@" + senderDomain;
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send(sender, List.of(recipient), message(sender, recipient, "bounce-" + recipientDomain, "hello\r\n")).code())
                    .isEqualTo(250);
            }

            DownstreamSmtpServer.Received dsn = await().atMost(DELIVERY).until(senderServer::received, list -> !list.isEmpty()).get(0);
            assertThat(dsn.recipient()).isEqualTo(sender);
            assertThat(dsn.sender()).isEmpty();
            assertThat(dsn.content()).contains("multipart/report", "report-type=delivery-status", recipient);
            Map<String, Object> record = await().atMost(DELIVERY).until(
                () -> webAdmin.messages("recipient=" + recipient),
                found -> found.size() == 1 && "bounced".equals(found.get(0).get("disposition"))).get(0);
            assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).contains("553", "address unknown"));
            assertThat(downstream.received()).noneMatch(received -> received.recipient().equals(recipient));
        }
    }

    @Test
    void theMessageLogShouldTraceADeliveredMessage() throws Exception {
        String domain = uniqueDomain();
        String tenant = "log-" + domain.substring(0, 9);
        webAdmin.createTenant(tenant, List.of(domain), downstream.port(), List.of());
        String recipient = "dave@" + domain;
        String message = message("erin@sender.example", recipient, "trace-" + domain, "trace me\r\n");
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "helo.sender.example")) {
            assertThat(smtp.send("erin@sender.example", List.of(recipient), message).code()).isEqualTo(250);
        }

        Map<String, Object> record = await().atMost(DELIVERY).until(
            () -> webAdmin.messages("recipient=" + recipient),
            found -> found.size() == 1 && "delivered".equals(found.get(0).get("disposition"))).get(0);
        assertThat(record).containsEntry("direction", "inbound")
            .containsEntry("tenant", tenant)
            .containsEntry("sender", "erin@sender.example")
            .containsEntry("clientIp", "127.0.0.1")
            .containsEntry("helo", "helo.sender.example")
            .containsEntry("messageId", "<trace-" + domain + "@sender.example>");
        assertThat(record.get("recipients")).isEqualTo(List.of(recipient));
        assertThat(((Number) record.get("size")).longValue()).isGreaterThan(message.length());
        assertThat(webAdmin.messages("recipient=" + recipient + "&disposition=bounced")).isEmpty();
    }
}
