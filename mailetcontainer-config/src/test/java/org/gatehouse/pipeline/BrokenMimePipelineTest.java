package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import javax.mail.internet.MimeUtility;

import org.assertj.core.api.SoftAssertions;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted mail with broken MIME, inbound and outbound, under a policy in which every mailet that modifies messages
 * acts (Authentication-Results and sender tag with subject, spam score tag with subject, content tag, DLP tag,
 * disclaimer): each message is delivered with the verdict headers or held in the quarantine with its reason; none
 * ends in the error repository because a mailet could not rewrite it.
 */
class BrokenMimePipelineTest {
    private static final Duration SETTLED = Duration.ofSeconds(120);
    private static final String RELAY_CLIENT = "127.0.0.2";
    private static final String DISCLAIMER = "Acme Corp - confidential.";
    private static final Set<String> FINAL = Set.of("delivered", "partially_delivered", "bounced", "rejected", "quarantined");

    @TempDir
    static Path workDir;
    static Path dataDir;
    static DownstreamSmtpServer sink;
    static GatewayProcess gateway;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        sink = DownstreamSmtpServer.start();
        dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withOutboundSmartHost(ShippedConfiguration.read("mailetcontainer.xml"), "127.0.0.1", sink.port()));
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("acme", List.of("acme.example"), sink.port(), List.of(RELAY_CLIENT + "/32"));
        webAdmin.request().body("{"
                + "\"sender\": {\"spf\": {\"actions\": {\"none\": {\"action\": \"tag_subject\"}}}},"
                + "\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 0, \"quarantine\": null, \"block\": null}},"
                + "\"content\": {\"textRules\": [{\"id\": \"EVERY_MESSAGE\", \"target\": \"headers\", \"pattern\": \"Message-ID\","
                + " \"action\": \"tag\"}]},"
                + "\"dlp\": {\"keywords\": [{\"id\": \"PROJECT_FALCON\", \"terms\": {\"project falcon\": 1}}],"
                + " \"rules\": [{\"id\": \"FALCON_TAG\", \"detectors\": [\"PROJECT_FALCON\"], \"minCount\": 1, \"direction\": \"both\","
                + " \"action\": \"tag\"}]},"
                + "\"disclaimer\": {\"text\": \"" + DISCLAIMER + "\", \"html\": \"<p>" + DISCLAIMER + "</p>\", \"position\": \"bottom\"}}")
            .put("/gatehouse/tenants/acme/policy").then().statusCode(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    /**
     * The broken messages, by name. Text written in ISO-8859-1 (see {@link SmtpClient#connectFrom}): {@code \u00e9} is
     * the single byte 0xE9, which is not UTF-8.
     */
    static Map<String, String> brokenBodies() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no-start-boundary", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "project falcon: this multipart never opens its first part.\r\n");
        cases.put("empty-parameter", "Content-Type: text/plain; ; charset=utf-8\r\n\r\nproject falcon, empty parameter.\r\n");
        cases.put("unterminated-part", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nproject falcon, and the closing boundary never comes.\r\n");
        cases.put("invalid-base64", "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "project falcon!!! @@@ this *is* not base64 ###\r\n");
        cases.put("invalid-base64-attachment", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nproject falcon, see the attachment.\r\n--b1\r\n"
            + "Content-Type: application/pdf; name=\"x.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!%%%***\r\n--b1--\r\n");
        cases.put("empty-boundary", "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"
            + "Content-Type: text/plain\r\n\r\nproject falcon, empty boundary.\r\n----\r\n");
        cases.put("no-boundary-parameter", "Content-Type: multipart/mixed\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain\r\n\r\nproject falcon, no boundary parameter.\r\n--b1--\r\n");
        cases.put("wrong-inner-boundary", "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n"
            + "Content-Type: text/plain\r\n\r\nproject falcon, outer part.\r\n--outer\r\n"
            + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n--wrong\r\nContent-Type: text/plain\r\n\r\n"
            + "inner text\r\n--wrong--\r\n--outer--\r\n");
        cases.put("unbalanced-quote", "Content-Type: text/plain; charset=\"utf-8\r\n\r\nproject falcon, unbalanced quote.\r\n");
        cases.put("bad-transfer-encoding", "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: x-gatehouse-unknown\r\n\r\n"
            + "project falcon, unknown encoding.\r\n");
        cases.put("header-without-colon", "This header line has no colon\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "project falcon, no part at all.\r\n");
        cases.put("eight-bit-headers", "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "project falcon caf\u00e9 \u00ff\u00fe\r\n"); // raw 8-bit bytes written as escapes
        cases.put("eight-bit-headers-no-start-boundary", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "project falcon caf\u00e9, no part at all.\r\n"); // raw 8-bit bytes written as escapes
        cases.put("bcc-and-no-start-boundary", "Bcc: hidden@acme.example\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "project falcon, a Bcc header and no start boundary.\r\n");
        return cases;
    }

    /** Headers common to every case; {@code eight-bit-*} cases get raw 8-bit bytes in From and Subject. */
    static String message(String name, String from, String to, String body) {
        boolean junk = name.startsWith("eight-bit");
        String display = junk ? "J\u00f6rg \u00ff\u00fe M\u00fcller" : "Sender"; // raw 8-bit bytes written as escapes
        String subject = "project falcon " + name + (junk ? " caf\u00e9 \u00e0 \u0080\u00ff" : ""); // raw 8-bit bytes written as escapes
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + display + " <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + name + "." + to.replace('@', '.') + "@test>\r\nMIME-Version: 1.0\r\n" + body;
    }

    private static SmtpClient.Reply send(String clientAddress, String from, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connectFrom(clientAddress, gateway.smtpPort(), "client.test")) {
            return smtp.send(from, List.of(to), message);
        }
    }

    @Test
    void everyBrokenMessageShouldBeDeliveredWithItsVerdictsOrHeldWithAReasonAndNeverEndInTheErrorRepository() throws Exception {
        Map<String, Boolean> sent = new LinkedHashMap<>();
        for (Map.Entry<String, String> broken : brokenBodies().entrySet()) {
            String inbound = broken.getKey() + "@acme.example";
            assertThat(send("127.0.0.1", "mallory@sender.test", inbound, message(broken.getKey(), "mallory@sender.test", inbound,
                broken.getValue())).code()).as("inbound %s", broken.getKey()).isEqualTo(250);
            sent.put(inbound, true);
            String outbound = broken.getKey() + "@partner.test";
            assertThat(send(RELAY_CLIENT, "alice@acme.example", outbound, message(broken.getKey(), "alice@acme.example", outbound,
                broken.getValue())).code()).as("outbound %s", broken.getKey()).isEqualTo(250);
            sent.put(outbound, false);
        }

        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        await().atMost(SETTLED).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String recipient : sent.keySet()) {
                List<Map<String, Object>> found = webAdmin.messages("recipient=" + recipient);
                if (found.size() != 1 || !FINAL.contains(String.valueOf(found.get(0).get("disposition")))) {
                    return false;
                }
                records.put(recipient, found.get(0));
            }
            return true;
        });

        SoftAssertions softly = new SoftAssertions();
        sent.forEach((recipient, inbound) -> {
            Map<String, Object> record = records.get(recipient);
            String reasons = String.valueOf(record.get("reasons"));
            String disposition = String.valueOf(record.get("disposition"));
            softly.assertThat(reasons).as("%s reasons", recipient).doesNotContain("processing error");
            softly.assertThat(disposition).as("%s disposition (%s)", recipient, reasons).isIn("delivered", "quarantined");
            Optional<DownstreamSmtpServer.Received> delivered = sink.received().stream()
                .filter(received -> received.recipient().equals(recipient)).findFirst();
            if (disposition.equals("quarantined")) {
                softly.assertThat(delivered).as("%s held, so not delivered", recipient).isEmpty();
                softly.assertThat((List<?>) record.get("reasons")).as("%s held with a reason", recipient).isNotEmpty();
                softly.assertThat(heldFor(recipient)).as("%s in the quarantine (%s)", recipient, reasons).isEqualTo(1);
            } else if (disposition.equals("delivered")) {
                softly.assertThat(delivered).as("%s delivered", recipient).isPresent();
                delivered.ifPresent(received -> {
                    Map<String, List<String>> headers = headers(received.data());
                    List<String> expected = inbound
                        ? List.of("authentication-results", "x-gatehouse-sender", "x-gatehouse-score", "x-gatehouse-verdict",
                            "x-gatehouse-content", "x-gatehouse-dlp")
                        : List.of("x-gatehouse-content", "x-gatehouse-dlp");
                    softly.assertThat(headers).as("%s delivered headers", recipient).containsKeys(expected.toArray(String[]::new));
                    if (inbound) {
                        String subject = decoded(headers.getOrDefault("subject", List.of("")).get(0));
                        softly.assertThat(subject).as("%s subject", recipient).contains("[SPAM]", "[SUSPICIOUS]");
                    } else {
                        softly.assertThat(reasons).as("%s disclaimer decision in the log", recipient).contains("DISCLAIMER");
                    }
                });
            }
        });
        // headers went on the raw bytes (JavaMail, which these cases are broken for, was not needed), and no mailet threw
        softly.assertThat(gateway.output()).doesNotContain("cannot be written on the message's raw bytes")
            .doesNotContain("Exception calling");
        softly.assertThat(errorRepositoryMails()).as("mails in var/mail/error (WebAdmin)").isEmpty();
        softly.assertThat(errorRepositoryFiles()).as("files in var/mail/error").isZero();
        softly.assertAll();
    }

    private static long heldFor(String recipient) {
        return webAdmin.request().get("/gatehouse/quarantine?tenant=acme&recipient=" + recipient).then().statusCode(200)
            .extract().jsonPath().getLong("total");
    }

    private static List<Object> errorRepositoryMails() {
        return webAdmin.request().urlEncodingEnabled(false).get("/mailRepositories/var%2Fmail%2Ferror/mails")
            .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static long errorRepositoryFiles() throws Exception {
        Path error = dataDir.resolve("var/mail/error");
        if (!Files.isDirectory(error)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(error)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".Repository.FileObjectStore")).count();
        }
    }

    /** The header section as received, unfolded, by lower-case name (bytes read as ISO-8859-1: 8-bit junk stays). */
    private static Map<String, List<String>> headers(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String section = (end < 0 ? text : text.substring(0, end)).replaceAll("\r\n[ \t]+", " ");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : section.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String decoded(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (Exception e) {
            return value;
        }
    }
}
