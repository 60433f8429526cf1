package org.gatehouse.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.net.imap.IMAPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.awaitility.core.ConditionFactory;
import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.dns.LoopbackDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Gatehouse inside a stock James 3.8.1 memory server (issue #18): James's own artifacts started as they ship, the
 * extension jar alone in {@code extensions-jars/}, the snippets of docs/james-extension.md in James's sample
 * configuration. One server for every scenario: GTUBE refused at the end of DATA, an EICAR zip quarantined after a
 * real clamd scan, an executable in a zip held by the content policy, the quarantine searched and a held message
 * released through the extension's WebAdmin routes, and clean and released mail read from James's own mailbox over
 * IMAP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockJamesExtensionTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String DOMAIN = "example.test";
    private static final String USER = "alice@" + DOMAIN;
    private static final String PASSWORD = "secret-4-alice";
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** The default tenant holds denied types (executables at any depth) instead of refusing them. */
    private static final String HOLD_DENIED_TYPES = "{\"content\": {\"actions\": {\"denied\": \"quarantine\"}}}";

    @TempDir
    static Path workDir;
    static LoopbackClamd clamd;
    static LoopbackDnsServer dns;
    static StockJamesProcess james;
    static int smtpPort;
    static int imapPort;
    static int webAdminPort;

    @BeforeAll
    static void start() throws Exception {
        clamd = new LoopbackClamd();
        clamd.start();
        dns = LoopbackDnsServer.builder().start(Files.createDirectories(workDir.resolve("dns")));
        smtpPort = StockJamesProcess.freePort();
        imapPort = StockJamesProcess.freePort();
        webAdminPort = StockJamesProcess.freePort();
        james = StockJamesProcess.start(Files.createDirectories(workDir.resolve("james")), Map.of(
            "SMTP_PORT", String.valueOf(smtpPort),
            "IMAP_PORT", String.valueOf(imapPort),
            "WEBADMIN_PORT", String.valueOf(webAdminPort),
            "CLAMD", clamd.tcpAddress(),
            "DNS", dns.address()));
        webAdmin().put("/domains/" + DOMAIN).then().statusCode(204);
        webAdmin().body("{\"password\": \"" + PASSWORD + "\"}").put("/users/" + USER).then().statusCode(204);
        webAdmin().body(HOLD_DENIED_TYPES).put("/gatehouse/tenants/default/policy").then().statusCode(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }

    private static RequestSpecification webAdmin() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(webAdminPort).contentType("application/json");
    }

    @Test
    @Order(0)
    void extensionJarShouldHoldNoClassThatStockJamesShips() throws IOException {
        Set<String> extension = classes(StockJamesProcess.extensionJar());
        Set<String> shadowed = new TreeSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(StockJamesProcess.stockLib(), "*.jar")) {
            for (Path jar : jars) {
                classes(jar).stream().filter(extension::contains).forEach(name -> shadowed.add(jar.getFileName() + ": " + name));
            }
        }

        assertThat(extension).contains("org/gatehouse/james/GatehouseExtensionModule.class",
            "org/gatehouse/shaded/commons/io/IOUtils.class", "org/apache/tika/Tika.class");
        assertThat(shadowed).isEmpty();
    }

    private static Set<String> classes(Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                .forEach(names::add);
        }
        return names;
    }

    @Test
    @Order(1)
    void cleanMailShouldReachTheLocalMailboxOverImap() throws Exception {
        assertThat(send(message("CLEAN LUNCH MENU", "Soup and bread today.")).code()).isEqualTo(250);

        awaitImap().until(() -> inboxHas("CLEAN LUNCH MENU"));
    }

    @Test
    @Order(2)
    void gtubeShouldBeRefusedAtTheEndOfData() throws Exception {
        Reply reply = send(message("GTUBE TEST", "Spam test " + GTUBE));

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1", "GTUBE");
    }

    @Test
    @Order(3)
    void eicarZipShouldBeQuarantinedAfterTheClamdScan() throws Exception {
        assertThat(send(withAttachment("EICAR ZIP", "invoice.zip", VirusSamples.zip("eicar.com", VirusSamples.eicar()))).code())
            .isEqualTo(250);

        JsonPath found = await().atMost(DELIVERY).until(() -> search("EICAR ZIP"), result -> result.getLong("total") == 1);
        assertThat(found.getList("items[0].reasons", String.class)).containsExactly("VIRUS_FOUND");
        assertThat(found.getString("items[0].tenant")).isEqualTo("default");
        String id = found.getString("items[0].id");
        assertThat(webAdmin().get("/gatehouse/quarantine/" + id).then().statusCode(200).extract().jsonPath()
            .getList("explanation", String.class)).anySatisfy(line -> assertThat(line).contains(LoopbackClamd.EICAR_SIGNATURE));
    }

    @Test
    @Order(4)
    void executableInZipShouldBeHeldThenReleasedToTheMailbox() throws Exception {
        assertThat(send(withAttachment("EXE IN ZIP", "setup.zip", VirusSamples.zip("setup.exe", VirusSamples.windowsExecutable())))
            .code()).isEqualTo(250);

        JsonPath found = await().atMost(DELIVERY).until(() -> search("\"EXE IN ZIP\""), result -> result.getLong("total") == 1);
        assertThat(found.getList("items[0].reasons", String.class)).anySatisfy(reason -> assertThat(reason).startsWith("CONTENT_DENIED_TYPE"));
        assertThat(awaitImap().until(() -> inboxHas("EXE IN ZIP"), has -> true)).isFalse();

        String id = found.getString("items[0].id");
        assertThat(webAdmin().post("/gatehouse/quarantine/" + id + "/release").then().statusCode(200).extract().jsonPath()
            .getString("status")).isEqualTo("released");

        awaitImap().until(() -> inboxHas("EXE IN ZIP"));
        assertThat(awaitImap().until(() -> inboxHas("EICAR ZIP") || inboxHas("GTUBE TEST"), has -> true)).isFalse();
    }

    @Test
    @Order(5)
    void tenantsShouldBeJamesDomains() {
        assertThat(webAdmin().get("/gatehouse/tenants/default").then().statusCode(200).extract().jsonPath()
            .getList("domains", String.class)).contains(DOMAIN);

        String refusal = webAdmin().body("{\"name\": \"Other\", \"domains\": [\"other.test\"], \"downstream\": {\"host\": \"mx.other.test\","
                + " \"port\": 25, \"requireTls\": false}, \"relayClients\": []}")
            .put("/gatehouse/tenants/other").then().statusCode(409).extract().asString();
        assertThat(refusal).contains("/domains");
    }

    @Test
    @Order(6)
    void healthCheckShouldIncludeGatehouseChecks() {
        JsonPath health = webAdmin().get("/healthcheck").then().extract().jsonPath();

        assertThat(health.getList("checks.componentName", String.class)).contains("ClamAV");
    }

    @Test
    @Order(7)
    void requestHygieneShouldGuardJamesOwnRoutesWhenHostIsForeign() {
        webAdmin().header("Host", "attacker.example").get("/domains").then().statusCode(421);
        webAdmin().get("/domains").then().statusCode(200);
    }

    /** The quarantine's free-text search ({@code q}), across every tenant. */
    private static JsonPath search(String text) {
        return webAdmin().queryParam("q", text).get("/gatehouse/quarantine").then().statusCode(200).extract().jsonPath();
    }

    private static String message(String subject, String body) {
        return "Date: Sun, 6 Dec 2026 22:00:00 +0000\r\nFrom: bob@sender.test\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    private static String withAttachment(String subject, String fileName, byte[] content) {
        return "Date: Sun, 6 Dec 2026 22:00:00 +0000\r\nFrom: bob@sender.test\r\nTo: " + USER + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
            + "Content-Type: application/zip; name=\"" + fileName + "\"\r\nContent-Disposition: attachment; filename=\"" + fileName
            + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(content) + "\r\n--b--\r\n";
    }

    record Reply(int code, String text) {
    }

    /** One SMTP transaction from an outside sender; the reply to the end of DATA. */
    private static Reply send(String message) throws IOException {
        SMTPClient smtp = new SMTPClient(StandardCharsets.US_ASCII.name());
        smtp.setDefaultTimeout(30_000);
        smtp.connect("127.0.0.1", smtpPort);
        try {
            smtp.setSoTimeout(60_000);
            assertThat(smtp.login("mx.sender.test")).isTrue();
            assertThat(smtp.setSender("bob@sender.test")).isTrue();
            assertThat(smtp.addRecipient(USER)).isTrue();
            try (Writer data = smtp.sendMessageData()) {
                assertThat(data).isNotNull();
                data.write(message);
            }
            smtp.completePendingCommand();
            return new Reply(smtp.getReplyCode(), smtp.getReplyString());
        } finally {
            if (SMTPReply.isPositiveCompletion(smtp.getReplyCode())) {
                smtp.logout();
            }
            smtp.disconnect();
        }
    }

    /**
     * Until the mailbox shows it. James may close an IMAP connection that races its first delivery creating INBOX;
     * such a closed connection is asked again, within the bound.
     */
    private static ConditionFactory awaitImap() {
        return await().atMost(DELIVERY).ignoreExceptionsInstanceOf(IOException.class);
    }

    /**
     * Whether alice's INBOX, read from James's own IMAP server, holds a message with that subject; false while INBOX
     * does not exist yet. Asked with SEARCH, whose answer is one line: a FETCH answer carries literals, which the IMAP
     * client reads wrongly when James interleaves an untagged update.
     */
    private static boolean inboxHas(String subject) throws IOException {
        IMAPClient imap = new IMAPClient();
        imap.setDefaultTimeout(30_000);
        imap.connect("127.0.0.1", imapPort);
        try {
            imap.setSoTimeout(30_000);
            assertThat(imap.login(USER, PASSWORD)).isTrue();
            if (!imap.select("INBOX")) {
                return false;
            }
            assertThat(imap.search("SUBJECT \"" + subject + "\"")).isTrue();
            return imap.getReplyString().lines()
                .filter(line -> line.startsWith("* SEARCH"))
                .anyMatch(line -> !line.substring("* SEARCH".length()).isBlank());
        } finally {
            imap.logout();
            imap.disconnect();
        }
    }
}
