package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
 * Outbound protection over SMTP, a tenant's relay client sending through the gateway to a destination sink: DLP over
 * the text of a spreadsheet inside a zip (5 card numbers blocked with a bounce that masks them; 1 card delivered when
 * the rule needs 3), and the tenant's disclaimer in text, HTML, alternative and mixed messages, once in a reply that
 * already carries it, and never inside a signed message — each parsed back from what the destination received.
 */
class OutboundProtectionTest {
    private static final List<String> CARDS = List.of("4111111111111111", "5555555555554444", "378282246310005",
        "6011111111111117", "4012888888881881");
    private static final String DISCLAIMER = "Acme Corp - confidential. If you are not the addressee, delete this message.";

    @TempDir
    static Path workDir;
    static DownstreamSmtpServer sink;
    static GatewayProcess gateway;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        sink = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withOutboundSmartHost(ShippedConfiguration.read("mailetcontainer.xml"), "127.0.0.1", sink.port()));
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("acme", List.of("acme.example"), sink.port(), List.of("127.0.0.1/32"));
        webAdmin.request().body("{\"dlp\": {\"rules\": [{\"id\": \"PCI_EXTERNAL\", \"categories\": [\"PCI\"], \"minCount\": 3,"
                + " \"recipients\": \"external\", \"action\": \"block\"},"
                + " {\"id\": \"FALCON_WATCH\", \"detectors\": [\"PROJECT_FALCON\"], \"minCount\": 1, \"action\": \"notify\"},"
                + " {\"id\": \"ORION_APPROVAL\", \"detectors\": [\"PROJECT_ORION\"], \"minCount\": 1, \"action\": \"quarantine\"}],"
                + " \"keywords\": [{\"id\": \"PROJECT_FALCON\", \"terms\": {\"project falcon\": 1}},"
                + " {\"id\": \"PROJECT_ORION\", \"terms\": {\"project orion\": 1}}],"
                + " \"notifyTo\": [\"security@acme.example\", \"someone@elsewhere.example\"]},"
                + " \"disclaimer\": {\"text\": \"" + DISCLAIMER + "\", \"html\": \"<p>" + DISCLAIMER + "</p>\", \"position\": \"bottom\"}}")
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

    private static void send(String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mail.acme.example")) {
            assertThat(smtp.send("alice@acme.example", List.of(to), message).code()).isEqualTo(250);
        }
    }

    private static String headers(String to, String subject, String contentType) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@acme.example\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@acme.example>\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n";
    }

    private static MimeMessage received(String recipient) {
        byte[] data = await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().stream()
            .filter(received -> received.recipient().equals(recipient)).findFirst(), found -> found.isPresent()).orElseThrow().data();
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zippedSpreadsheet(List<String> cards) throws Exception {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            XSSFSheet sheet = workbook.createSheet("Customers");
            for (int i = 0; i < cards.size(); i++) {
                sheet.createRow(i).createCell(0).setCellValue("Customer " + i + " card " + cards.get(i));
            }
            workbook.write(xlsx);
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("customers.xlsx"));
            out.write(xlsx.toByteArray());
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    private static String withZip(String to, String subject, byte[] zip) {
        return headers(to, subject, "multipart/mixed; boundary=\"b1\"") + "\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            + "The list you asked for.\r\n--b1\r\nContent-Type: application/zip; name=\"customers.zip\"\r\n"
            + "Content-Disposition: attachment; filename=\"customers.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(zip) + "\r\n--b1--\r\n";
    }

    @Test
    void fiveCardNumbersInAZippedSpreadsheetShouldBeBlockedWithABounceThatMasksThem() throws Exception {
        send("bob@partner.example", withZip("bob@partner.example", "customer export", zippedSpreadsheet(CARDS)));

        Map<String, Object> record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=bob@partner.example"),
            found -> found.size() == 1 && "bounced".equals(found.get(0).get("disposition"))).get(0);
        String dsn = new String(await().atMost(Duration.ofSeconds(60)).until(() -> sink.received().stream()
            .filter(received -> received.recipient().equals("alice@acme.example")).findFirst(), found -> found.isPresent())
            .orElseThrow().data(), StandardCharsets.UTF_8);

        assertThat(dsn).contains("PCI_EXTERNAL", "data loss prevention", "1111");
        assertThat(record.toString()).contains("DLP_PCI_EXTERNAL");
        for (String card : CARDS) {
            assertThat(dsn.replaceAll("[\\s=]", "")).doesNotContain(card);
            assertThat(record.toString()).doesNotContain(card);
        }
        assertThat(sink.received()).noneMatch(received -> received.recipient().equals("bob@partner.example"));
    }

    @Test
    void oneCardNumberShouldBeDeliveredWhenTheRuleNeedsThree() throws Exception {
        send("carol@partner.example", withZip("carol@partner.example", "one card", zippedSpreadsheet(List.of(CARDS.get(0)))));

        received("carol@partner.example");
        assertThat((List<?>) webAdmin.messages("recipient=carol@partner.example").get(0).get("reasons"))
            .noneSatisfy(reason -> assertThat(reason.toString()).startsWith("DLP"));
    }

    @Test
    void aNotifyRuleShouldDeliverAndTellTheTenantsAdministratorOnly() throws Exception {
        send("dan@partner.example", headers("dan@partner.example", "status", "text/plain; charset=utf-8")
            + "\r\nThe project falcon milestones are on track.\r\n");

        received("dan@partner.example");
        MimeMessage notice = received("security@acme.example");
        assertThat(notice.getSubject()).isEqualTo("[Gatehouse DLP] DLP_FALCON_WATCH");
        assertThat(text(notice.getContent())).contains("DLP_FALCON_WATCH", "Sender: alice@acme.example", "dan@partner.example")
            .doesNotContain("milestones");
        assertThat(sink.received()).noneMatch(received -> received.recipient().equals("someone@elsewhere.example"));
        assertThat((List<?>) webAdmin.messages("recipient=dan@partner.example").get(0).get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("DLP NOTIFY: rules DLP_FALCON_WATCH; told security@acme.example"));
    }

    @Test
    void aMessageHeldForApprovalShouldBeSentWhenTheAdministratorReleasesIt() throws Exception {
        send("erin@partner.example", headers("erin@partner.example", "orion plan", "text/plain; charset=utf-8")
            + "\r\nThe project orion plan is attached.\r\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=erin@partner.example"),
            found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition")));
        io.restassured.path.json.JsonPath held = io.restassured.path.json.JsonPath.from(webAdmin.request()
            .get("/gatehouse/quarantine?tenant=acme&reason=dlp").then().statusCode(200).extract().asString());
        assertThat(held.getList("items.reasons[0]", String.class)).containsExactly("DLP_ORION_APPROVAL");
        assertThat(sink.received()).noneMatch(received -> received.recipient().equals("erin@partner.example"));

        webAdmin.request().post("/gatehouse/quarantine/" + held.getString("items[0].id") + "/release").then().statusCode(200);

        MimeMessage sent = received("erin@partner.example");
        assertThat(text(sent.getContent())).contains("The project orion plan is attached.");
        assertThat(countOf(text(sent.getContent()), DISCLAIMER)).isEqualTo(1);
        // the downstream has the message before the gateway has its 250 and records the delivery
        await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=erin@partner.example"),
            found -> found.size() == 1 && "delivered".equals(found.get(0).get("disposition")));
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @Test
    void disclaimersShouldBeInsertedIntoEveryKindOfBodyOnce() throws Exception {
        send("t@partner.example", headers("t@partner.example", "plain text", "text/plain; charset=utf-8") + "\r\nHello Tom.\r\n");
        send("h@partner.example", headers("h@partner.example", "html only", "text/html; charset=utf-8")
            + "\r\n<html><body><p>Hello Hana.</p></body></html>\r\n");
        send("a@partner.example", headers("a@partner.example", "alternative", "multipart/alternative; boundary=\"alt\"")
            + "\r\n--alt\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nHello Ana.\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + "<html><body><p>Hello Ana.</p></body></html>\r\n--alt--\r\n");
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        send("m@partner.example", headers("m@partner.example", "mixed", "multipart/mixed; boundary=\"mix\"")
            + "\r\n--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe report is attached.\r\n--mix\r\n"
            + "Content-Type: application/pdf; name=\"r.pdf\"\r\nContent-Disposition: attachment; filename=\"r.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(pdf) + "\r\n--mix--\r\n");
        send("r@partner.example", headers("r@partner.example", "re earlier", "text/plain; charset=utf-8")
            + "\r\nThanks!\r\n\r\n> Earlier message\r\n> --\r\n> " + DISCLAIMER + "\r\n");
        String signedBody = "Content-Type: text/plain; charset=us-ascii\r\n\r\nSigned words.\r\n";
        send("s@partner.example", headers("s@partner.example", "signed", "multipart/signed; protocol=\"application/pkcs7-signature\";"
            + " micalg=sha-256; boundary=\"sig\"") + "\r\n--sig\r\n" + signedBody + "--sig\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==\r\n--sig--\r\n");

        assertThat(text(received("t@partner.example").getContent())).endsWith(DISCLAIMER);
        assertThat(text(received("h@partner.example").getContent())).contains(DISCLAIMER + "</p>").contains("</body>");
        Multipart alternative = (Multipart) received("a@partner.example").getContent();
        assertThat(text(alternative.getBodyPart(0).getContent())).contains("Hello Ana.", DISCLAIMER);
        assertThat(text(alternative.getBodyPart(1).getContent())).contains("Hello Ana.", DISCLAIMER);
        Multipart mixed = (Multipart) received("m@partner.example").getContent();
        assertThat(text(mixed.getBodyPart(0).getContent())).contains(DISCLAIMER);
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(occurrences(text(received("r@partner.example").getContent()), DISCLAIMER)).isEqualTo(1);
        MimeMessage signed = received("s@partner.example");
        Multipart signedParts = (Multipart) signed.getContent();
        assertThat(signed.getContentType()).startsWith("multipart/signed");
        ByteArrayOutputStream firstPart = new ByteArrayOutputStream();
        signedParts.getBodyPart(0).writeTo(firstPart);
        assertThat(firstPart.toString(StandardCharsets.US_ASCII)).isEqualTo(signedBody.substring(0, signedBody.length() - 2));
        assertThat(new String(sink.received().stream().filter(received -> received.recipient().equals("s@partner.example"))
            .findFirst().orElseThrow().data(), StandardCharsets.UTF_8)).doesNotContain(DISCLAIMER);
    }

    private static String text(Object content) {
        return content.toString().replace("\r\n", "\n").strip();
    }

    private static int occurrences(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
