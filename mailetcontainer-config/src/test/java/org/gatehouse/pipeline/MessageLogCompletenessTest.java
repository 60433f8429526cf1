package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.message.NestedMime;
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
 * The message log is complete: one refusal of every kind, at every SMTP stage, over real SMTP against the distribution
 * (real DNS on loopback, a country database placing 127.0.0.0/8 in KP, a real clamd), each leaves exactly one record
 * with its stage, its rule id and disposition {@code rejected}, found through
 * {@code GET /gatehouse/messages?disposition=rejected&stage=...}. And a client flooding 10,000 refused recipients leaves a
 * few aggregated records whose counts add up, not 10,000 rows.
 */
@SuppressWarnings("unchecked")
class MessageLogCompletenessTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** A relay client of tenant outco: mail from it is outbound. */
    private static final String RELAY_CLIENT = "127.0.0.2";
    private static final int MAX_CONNECTIONS = 5;

    @TempDir
    static Path workDir;
    static LoopbackDnsServer dns;
    static LoopbackClamd clamd;
    static DownstreamSmtpServer downstream;
    static GatewayProcess gateway;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.builder()
            .record("1.0.0.127.bl.test. IN A 127.0.0.2")
            .record("forged.test. IN TXT \"v=spf1 -all\"")
            .record("_dmarc.forged.test. IN TXT \"v=DMARC1; p=reject\"")
            .start(workDir.resolve("dns"));
        clamd = new LoopbackClamd();
        clamd.start();
        downstream = DownstreamSmtpServer.start();
        Path countries = TestCountryDatabase.write(workDir.resolve("countries.mmdb"), Map.of("127.0.0.0/8", "KP"));
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "dns.servers=" + dns.address() + "\n"
            + "dns.timeout=500ms\nsender.budget=3s\ngeoip.database=" + countries + "\n"
            + "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=10s\n"
            // a clean message nested deeper than this is not completely scanned, and refused
            + "antivirus.maxNesting=2\nantivirus.action.onIncomplete=reject\n"
            + "rate.maxConnectionsPerIp=" + MAX_CONNECTIONS + "\n"
            // every refusal of this test one by one (the flood test below checks the aggregation)
            + "messageLog.refusals.perIpPerMinute=1000\n");
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        tenant("open", List.of(), null);
        tenant("blocker", List.of(), "{\"sender\": {\"block\": [{\"type\": \"domain\", \"value\": \"spammer.test\"}]}}");
        tenant("rbl", List.of(), "{\"sender\": {\"dnsbl\": {\"zones\": [{\"zone\": \"bl.test\", \"action\": \"block\"}]}}}");
        tenant("geo", List.of(), "{\"sender\": {\"countries\": {\"mode\": \"block\", \"list\": [\"KP\"]}}}");
        tenant("tlsreq", List.of(), "{\"tls\": {\"inbound\": {\"requireFrom\": [{\"type\": \"domain\", \"value\": \"partner.test\"}]}}}");
        tenant("small", List.of(), "{\"content\": {\"maxMessageBytes\": 1000}}");
        tenant("ratein", List.of(), "{\"rate\": {\"inbound\": {\"messages\": 1, \"window\": \"30m\"}}}");
        tenant("outco", List.of(RELAY_CLIENT + "/32"), "{\"rate\": {\"outbound\": {\"messages\": 1, \"window\": \"30m\"}}}");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {gateway, downstream, clamd}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static void tenant(String id, List<String> relayClients, String policyJson) throws Exception {
        webAdmin.createTenant(id, List.of(id + ".example"), downstream.port(), relayClients);
        if (policyJson != null) {
            webAdmin.request().body(MAPPER.readTree(policyJson).toString()).put("/gatehouse/tenants/" + id + "/policy").then().statusCode(200);
        }
    }

    private static String message(String from, String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject + "." + System.nanoTime() + "@test>\r\n\r\n" + body + "\r\n";
    }

    private static String withAttachment(String to, String name, byte[] attachment) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: invoice\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "Your invoice.\r\n--b\r\nContent-Type: application/zip; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\""
            + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
    }

    /** One expected record: found by the query, exactly one, with this stage and rule id. */
    private record Expected(String kind, String stage, String query, String rule, int code) {
    }

    private static SmtpClient.Reply refusedAtData(String from, String to, String message) throws IOException {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom(from).code()).isEqualTo(250);
            assertThat(smtp.rcptTo(to).code()).as("RCPT %s", to).isEqualTo(250);
            return smtp.data(message);
        }
    }

    private static SmtpClient.Reply refusedAtRcpt(String from, String to) throws IOException {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom(from).code()).isEqualTo(250);
            return smtp.rcptTo(to);
        }
    }

    @Test
    void everyRefusalShouldLeaveExactlyOneRecordNamingItsStageAndRule() throws Exception {
        List<Expected> expected = new ArrayList<>();
        SoftAssertions replies = new SoftAssertions();

        // RCPT TO: the tenant's sender policy (block list, DNSBL, country), TLS, size, the gateway's own domain, relaying
        replies.assertThat(refusedAtRcpt("bulk@spammer.test", "bob@blocker.example").code()).as("block list").isEqualTo(550);
        expected.add(new Expected("sender block list", "rcpt", "recipient=bob@blocker.example", "SENDER_BLOCKLISTED", 550));
        replies.assertThat(refusedAtRcpt("alice@sender.test", "bob@rbl.example").code()).as("DNSBL").isEqualTo(550);
        expected.add(new Expected("DNSBL", "rcpt", "recipient=bob@rbl.example", "DNSBL_LISTED", 550));
        replies.assertThat(refusedAtRcpt("alice@sender.test", "bob@geo.example").code()).as("country").isEqualTo(550);
        expected.add(new Expected("country", "rcpt", "recipient=bob@geo.example", "GEOIP_COUNTRY_REFUSED", 550));
        replies.assertThat(refusedAtRcpt("alice@partner.test", "bob@tlsreq.example").code()).as("TLS required").isEqualTo(530);
        expected.add(new Expected("TLS required", "rcpt", "recipient=bob@tlsreq.example", "TLS_REQUIRED", 530));
        replies.assertThat(refusedAtRcpt("alice@sender.test", "x@elsewhere.test").code()).as("relay").isEqualTo(550);
        expected.add(new Expected("relay denied", "rcpt", "recipient=x@elsewhere.test", "SMTP_RELAY_DENIED", 550));
        replies.assertThat(refusedAtRcpt("alice@sender.test", "bob").code()).as("gateway domain").isEqualTo(553);
        expected.add(new Expected("gateway domain", "rcpt", "recipient=bob@gatehouse.localdomain", "RECIPIENT_DOMAIN_NOT_SERVED", 553));
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@size.test", 5000).code()).isEqualTo(250);
            replies.assertThat(smtp.rcptTo("bob@small.example").code()).as("tenant size (SIZE=)").isEqualTo(552);
        }
        expected.add(new Expected("tenant size", "rcpt", "recipient=bob@small.example", "CONTENT_MESSAGE_TOO_LARGE", 552));
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            for (int i = 1; i <= 1000; i++) {
                assertThat(smtp.rcptTo("user" + i + "@open.example").code()).isEqualTo(250);
            }
            replies.assertThat(smtp.rcptTo("user1001@open.example").code()).as("too many recipients").isEqualTo(452);
            assertThat(smtp.reset().code()).isEqualTo(250);
        }
        expected.add(new Expected("too many recipients", "rcpt", "recipient=user1001@open.example", "SMTP_TOO_MANY_RECIPIENTS", 452));

        // rate control: a tenant's inbound limit at RCPT, a relay client's outbound limit at MAIL FROM
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@rate.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("first@ratein.example").code()).isEqualTo(250);
            assertThat(smtp.reset().code()).isEqualTo(250);
            assertThat(smtp.mailFrom("alice@rate.test").code()).isEqualTo(250);
            replies.assertThat(smtp.rcptTo("second@ratein.example").code()).as("inbound rate").isEqualTo(452);
        }
        expected.add(new Expected("inbound rate", "rcpt", "recipient=second@ratein.example", "RATE_LIMIT_INBOUND", 452));
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "relay.outco.example", RELAY_CLIENT)) {
            assertThat(smtp.mailFrom("first@outco.example").code()).isEqualTo(250);
            assertThat(smtp.reset().code()).isEqualTo(250);
            replies.assertThat(smtp.mailFrom("second@outco.example").code()).as("outbound rate").isEqualTo(452);
        }
        expected.add(new Expected("outbound rate", "mail", "sender=second@outco.example", "RATE_LIMIT_OUTBOUND", 452));

        // MAIL FROM: a declared size over the server's limit (James's own check, no hook)
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            replies.assertThat(smtp.mailFrom("big@size.test", 60_000_000).code()).as("server size (SIZE=)").isEqualTo(552);
        }
        expected.add(new Expected("server size", "mail", "rule=SMTP_MESSAGE_TOO_LARGE", "SMTP_MESSAGE_TOO_LARGE", 552));

        // an over-long command line (the server's own 500, no hook)
        try (Socket socket = new Socket("127.0.0.1", gateway.smtpPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("HELO mx.sender.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
            out.write(("MAIL FROM:<" + "a".repeat(20_000) + "@sender.test>\r\n").getBytes(StandardCharsets.US_ASCII));
            replies.assertThat(in.readLine()).as("over-long command line").startsWith("500");
        }
        expected.add(new Expected("over-long command line", "mail", "rule=SMTP_LINE_TOO_LONG", "SMTP_LINE_TOO_LONG", 500));

        // the end of DATA: MIME structure, antivirus, content policy, DMARC, spam score
        replies.assertThat(refusedAtData("alice@sender.test", "deep@open.example",
            "From: alice@sender.test\r\nTo: deep@open.example\r\nSubject: deep\r\nDate: " + SmtpClient.dateNow()
                + "\r\nMIME-Version: 1.0\r\n" + NestedMime.around(30, "Content-Type: text/plain\r\n\r\nhello\r\n")).code())
            .as("MIME structure").isEqualTo(554);
        expected.add(new Expected("MIME structure", "data", "recipient=deep@open.example", "MIME_STRUCTURE_LIMIT", 554));
        replies.assertThat(refusedAtData("alice@sender.test", "nested@open.example",
            "From: alice@sender.test\r\nTo: nested@open.example\r\nSubject: nested\r\nDate: " + SmtpClient.dateNow()
                + "\r\nMIME-Version: 1.0\r\n" + NestedMime.around(4, "Content-Type: text/plain\r\n\r\nhello\r\n")).code())
            .as("antivirus").isEqualTo(554);
        expected.add(new Expected("antivirus", "data", "recipient=nested@open.example", "VIRUS_SCAN_INCOMPLETE", 554));
        replies.assertThat(refusedAtData("alice@sender.test", "exe@open.example", withAttachment("exe@open.example", "invoice.zip",
            VirusSamples.zip("invoice.zip", VirusSamples.zip("setup.exe", VirusSamples.windowsExecutable())))).code())
            .as("content").isEqualTo(550);
        expected.add(new Expected("content", "data", "recipient=exe@open.example", "CONTENT_DENIED_TYPE", 550));
        replies.assertThat(refusedAtData("ceo@forged.test", "dmarc@open.example",
            message("ceo@forged.test", "dmarc@open.example", "forged", "Pay this invoice.")).code()).as("DMARC").isEqualTo(550);
        expected.add(new Expected("DMARC", "data", "recipient=dmarc@open.example", "DMARC_FAIL", 550));
        replies.assertThat(refusedAtData("alice@sender.test", "gtube@open.example",
            message("alice@sender.test", "gtube@open.example", "gtube", "Spam test " + GTUBE)).code()).as("spam score").isEqualTo(550);
        expected.add(new Expected("spam score", "data", "recipient=gtube@open.example", "SPAM_SCORE_REJECT", 550));

        // connect: one connection more than an IP may hold
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.smtpPort());
                held.add(socket);
                assertThat(firstLine(socket)).startsWith("220");
            }
            try (Socket refused = new Socket("127.0.0.1", gateway.smtpPort())) {
                replies.assertThat(firstLine(refused)).as("connection limit").startsWith("421 4.7.0");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        expected.add(new Expected("connection limit", "connect", "limit=100", "RATE_LIMIT_CONNECTIONS", 421));
        replies.assertAll();

        SoftAssertions records = new SoftAssertions();
        for (Expected one : expected) {
            List<Map<String, Object>> found = awaitRecords("disposition=rejected&stage=" + one.stage() + "&" + one.query());
            records.assertThat(found).as(one.kind() + ": " + one.query()).singleElement().satisfies(record -> {
                assertThat(record.get("disposition")).isEqualTo("rejected");
                assertThat(record.get("stage")).isEqualTo(one.stage());
                assertThat((List<Object>) record.get("ruleIds")).contains(one.rule());
                assertThat(record.get("replyCode")).isEqualTo(String.valueOf(one.code()));
                assertThat(((Number) record.get("refusals")).intValue()).isEqualTo(1);
            });
        }
        records.assertAll();
        // nothing else was refused, and nothing twice: one record per refusal
        assertThat(webAdmin.messages("disposition=rejected&limit=1000")).hasSize(expected.size());
        assertThat(webAdmin.messages("disposition=rejected&stage=rcpt&recipient=bob@blocker.example").get(0))
            .satisfies(record -> {
                assertThat(record).containsEntry("sender", "bulk@spammer.test").containsEntry("clientIp", "127.0.0.1")
                    .containsEntry("helo", "mx.sender.test").containsEntry("tenant", "blocker").containsEntry("direction", "inbound");
                assertThat((List<Object>) record.get("tenants")).containsExactly("blocker");
            });
        assertThat(webAdmin.messages("disposition=rejected&stage=mail&sender=second@outco.example").get(0))
            .containsEntry("direction", "outbound").containsEntry("tenant", "outco").containsEntry("clientIp", RELAY_CLIENT);
        assertThat(webAdmin.request().get("/gatehouse/messages?stage=smtp").then().statusCode(400).extract().asString())
            .contains("stage", "must be one of connect, helo, mail, rcpt, data, queue");
    }

    private static List<Map<String, Object>> awaitRecords(String query) {
        // the refusal records are written off the SMTP thread: give the writer a moment, then insist on exactly one
        List<Map<String, Object>> found = await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages(query), records -> !records.isEmpty());
        return found.size() == 1 ? webAdmin.messages(query) : found;
    }

    private static String firstLine(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void aFloodOfRefusedRecipientsShouldLeaveAFewAggregatedRecordsThatCountThemAll(@TempDir Path own) throws Exception {
        Path dataDir = own.resolve("gateway");
        int connections = 10;
        int perConnection = 1000;
        Instant started = Instant.now();
        try (GatewayProcess flooded = GatewayProcess.start(dataDir)) {
            for (int connection = 0; connection < connections; connection++) {
                assertThat(refuseRecipients(flooded.smtpPort(), connection, perConnection)).isEqualTo(perConnection);
            }
            // a clean stop writes what is pending and the current minute's counts
            assertThat(flooded.stop()).isPresent();
        }
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMinutes(5));

        try (GatewayProcess restarted = GatewayProcess.start(dataDir)) {
            List<Map<String, Object>> records = new WebAdmin(restarted.webAdminPort()).messages("disposition=rejected&stage=rcpt&limit=1000");
            assertThat(records).hasSizeLessThanOrEqualTo(10);
            assertThat(records).anySatisfy(record -> assertThat(record.get("aggregated")).isEqualTo(true));
            assertThat(records).allSatisfy(record -> {
                assertThat((List<Object>) record.get("ruleIds")).containsExactly("SMTP_RELAY_DENIED");
                assertThat(record.get("clientIp")).isEqualTo("127.0.0.1");
            });
            assertThat(records.stream().mapToLong(record -> ((Number) record.get("refusals")).longValue()).sum())
                .isEqualTo((long) connections * perConnection);
        }
    }

    /** One transaction refusing {@code count} recipients, pipelined (PIPELINING): returns how many got 550. */
    private static int refuseRecipients(int port, int connection, int count) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("EHLO flood.test\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            out.write("MAIL FROM:<flood@flood.test>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
            int refused = 0;
            for (int batch = 0; batch < count; batch += 100) {
                StringBuilder commands = new StringBuilder();
                for (int i = batch; i < Math.min(count, batch + 100); i++) {
                    commands.append("RCPT TO:<victim").append(connection).append('-').append(i).append("@elsewhere.test>\r\n");
                }
                out.write(commands.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = batch; i < Math.min(count, batch + 100); i++) {
                    if (in.readLine().startsWith("550")) {
                        refused++;
                    }
                }
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            return refused;
        }
    }
}
