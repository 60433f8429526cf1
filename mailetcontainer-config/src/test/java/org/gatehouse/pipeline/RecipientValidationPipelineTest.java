package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.gatehouse.recipient.LoopbackLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * Recipient validation at RCPT TO on the shipped gateway (docs/recipients.md), against a real OpenLDAP slapd, real
 * downstream SMTP servers, and WebAdmin's recipient lists. Each test sends from its own loopback address, so that the
 * unknown recipients of one do not count toward another's directory-harvest limit (20 per 10 minutes, the default).
 */
class RecipientValidationPipelineTest {
    private static final Duration SETTLED = Duration.ofSeconds(60);
    private static final String SUFFIX = "dc=dir,dc=example";
    private static final String LDIF = String.join("\n",
        "dn: " + SUFFIX, "objectClass: dcObject", "objectClass: organization", "o: Dir", "dc: dir", "",
        "dn: ou=people," + SUFFIX, "objectClass: organizationalUnit", "ou: people", "",
        "dn: uid=bob,ou=people," + SUFFIX, "objectClass: inetOrgPerson", "uid: bob", "cn: Bob", "sn: B", "mail: bob@dir.example", "",
        "dn: uid=carol,ou=people," + SUFFIX, "objectClass: inetOrgPerson", "uid: carol", "cn: Carol", "sn: C", "mail: carol@dir.example", "");

    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer downstream;
    static LoopbackLdapServer slapd;
    static ServerSocket silent;
    static WebAdmin webAdmin;

    @BeforeAll
    static void start() throws Exception {
        downstream = DownstreamSmtpServer.start();
        slapd = LoopbackLdapServer.start(workDir.resolve("slapd"), SUFFIX, LDIF);
        // a downstream server that accepts connections and never answers
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread holder = new Thread(() -> {
            List<Socket> held = new ArrayList<>();
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        holder.setDaemon(true);
        holder.start();
        gateway = GatewayProcess.start(workDir.resolve("gateway"));
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("dir", List.of("dir.example"), downstream.port(), List.of());
        webAdmin.createTenant("probe", List.of("probe.example"), downstream.port(), List.of());
        webAdmin.createTenant("hung", List.of("hung.example"), silent.getLocalPort(), List.of());
        webAdmin.createTenant("listed", List.of("listed.example"), downstream.port(), List.of());
        policy("dir", "{\"recipients\": {\"mode\": \"ldap\", \"ldap\": {\"url\": \"" + slapd.url() + "\", \"bindDn\": \"" + slapd.bindDn()
            + "\", \"bindPassword\": \"" + LoopbackLdapServer.BIND_PASSWORD + "\", \"baseDn\": \"ou=people," + SUFFIX + "\","
            + " \"timeout\": \"3s\", \"negativeCacheTtl\": \"1s\"}}}");
        policy("probe", "{\"recipients\": {\"mode\": \"callout\"}}");
        policy("hung", "{\"recipients\": {\"mode\": \"callout\", \"callout\": {\"timeout\": \"3s\"}}}");
        policy("listed", "{\"recipients\": {\"mode\": \"list\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        downstream.close();
        if (slapd != null) {
            slapd.close();
        }
        silent.close();
    }

    /** The reply code to RCPT TO; a 421 closes the connection, which the client reports as an exception. */
    private static int rcptCode(SmtpClient smtp, String recipient) throws IOException {
        try {
            return smtp.rcptTo(recipient).code();
        } catch (org.apache.commons.net.smtp.SMTPConnectionClosedException e) {
            assertThat(e.getMessage()).contains("421");
            return 421;
        }
    }

    private static void closeQuietly(SmtpClient smtp) {
        try {
            smtp.close();
        } catch (IOException e) {
            // the server closed it already
        }
    }

    private static void policy(String tenant, String document) {
        webAdmin.request().body(document).put("/gatehouse/tenants/" + tenant + "/policy").then().statusCode(200);
    }

    private static String message(String to, String subject) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\nHello.\r\n";
    }

    private static List<Map<String, Object>> refusalsOf(String recipient) {
        return webAdmin.messages("recipient=" + recipient).stream().filter(record -> "rcpt".equals(record.get("stage"))).toList();
    }

    @Test
    void ldapModeShouldAcceptAKnownRecipientRefuseAnUnknownOneAndRecordBoth() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.2")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("bob@dir.example").code()).isEqualTo(250);
            SmtpClient.Reply unknown = smtp.rcptTo("mallory@dir.example");
            assertThat(unknown.code()).isEqualTo(550);
            assertThat(unknown.text()).contains("5.1.1");
            assertThat(smtp.data(message("bob@dir.example", "ldap known")).code()).isEqualTo(250);
        }

        await().atMost(SETTLED).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("bob@dir.example")));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("mallory@dir.example"));
        Map<String, Object> refused = await().atMost(SETTLED).until(() -> refusalsOf("mallory@dir.example"), found -> !found.isEmpty()).get(0);
        assertThat(refused.get("ruleIds").toString()).contains("RECIPIENT_UNKNOWN");
        assertThat(refused.get("reasons").toString()).contains("RECIPIENT_UNKNOWN (ldap): mallory@dir.example");
        assertThat(String.valueOf(refused.get("replyCode"))).isEqualTo("550");
        assertThat(await().atMost(SETTLED).until(() -> webAdmin.messages("recipient=bob@dir.example"),
            found -> found.stream().anyMatch(record -> "delivered".equals(record.get("disposition"))))).isNotEmpty();
    }

    @Test
    void ldapModeShouldAnswer451WhileTheDirectoryIsDownAndLetTheMailThroughWhenItIsBack() throws Exception {
        slapd.stop();
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.3")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            SmtpClient.Reply down = smtp.rcptTo("carol@dir.example");
            assertThat(down.code()).isEqualTo(451);
            assertThat(down.text()).contains("4.4.3");
            // not a guess the other way either: an address the directory does not have is not refused for good
            assertThat(smtp.rcptTo("nobody-at-all@dir.example").code()).isEqualTo(451);
        } finally {
            slapd.start();
        }
        Map<String, Object> refused = await().atMost(SETTLED).until(() -> refusalsOf("carol@dir.example"), found -> !found.isEmpty()).get(0);
        assertThat(refused.get("ruleIds").toString()).contains("RECIPIENT_DIRECTORY_UNAVAILABLE");
        assertThat(String.valueOf(refused.get("replyCode"))).isEqualTo("451");

        // the sender retries, as a 4xx asks, and the message goes through
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.3")) {
            assertThat(smtp.send("alice@sender.test", List.of("carol@dir.example"), message("carol@dir.example", "ldap back")).code())
                .isEqualTo(250);
        }
        await().atMost(SETTLED).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("carol@dir.example")));
    }

    @Test
    void theBindPasswordShouldBeMaskedInThePolicyAndKeptWhenTheMaskIsSentBack() throws Exception {
        JsonPath shown = webAdmin.request().get("/gatehouse/tenants/dir/policy").then().statusCode(200).extract().jsonPath();
        assertThat(shown.getString("policy.recipients.ldap.bindPassword")).isEqualTo("***");
        assertThat(webAdmin.request().get("/gatehouse/tenants/dir/policy").then().extract().asString())
            .doesNotContain(LoopbackLdapServer.BIND_PASSWORD);

        // the document as shown, sent back with a change: the stored password stays and lookups still bind
        Map<String, Object> current = shown.getMap("policy");
        @SuppressWarnings("unchecked")
        Map<String, Object> ldap = (Map<String, Object>) ((Map<String, Object>) current.get("recipients")).get("ldap");
        ldap.put("cacheTtl", "1m");
        webAdmin.request().body(current).put("/gatehouse/tenants/dir/policy").then().statusCode(200);
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.4")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("carol@dir.example").code()).isEqualTo(250);
        }
    }

    @Test
    void calloutModeShouldProbeTheDownstreamServerOnceForTwoAttemptsAndAnswer451WhenItHangs() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.5")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("unknown-zed@probe.example").code()).isEqualTo(550);
            assertThat(smtp.rcptTo("unknown-zed@probe.example").code()).isEqualTo(550);
            assertThat(smtp.rcptTo("dora@probe.example").code()).isEqualTo(250);
            assertThat(smtp.data(message("dora@probe.example", "callout known")).code()).isEqualTo(250);
        }
        assertThat(downstream.recipientsAsked()).filteredOn("unknown-zed@probe.example"::equals).hasSize(1);
        await().atMost(SETTLED).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("dora@probe.example")));

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.5")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            SmtpClient.Reply hung = smtp.rcptTo("eve@hung.example");
            assertThat(hung.code()).isEqualTo(451);
            assertThat(hung.text()).contains("4.4.3");
        }
        Map<String, Object> refused = await().atMost(SETTLED).until(() -> refusalsOf("eve@hung.example"), found -> !found.isEmpty()).get(0);
        assertThat(refused.get("reasons").toString()).contains("RECIPIENT_DIRECTORY_UNAVAILABLE (callout)");
    }

    @Test
    void listModeShouldTakeAnImportAllOrNothingAndAcceptOnlyItsAddresses() throws Exception {
        String bad = "address,aliasOf,comment\nfrank@listed.example,,Frank\nnot an address\nolga@elsewhere.example\n";
        List<Map<String, Object>> errors = webAdmin.request().contentType("text/csv").body(bad).post("/gatehouse/tenants/listed/recipients/import")
            .then().statusCode(400).extract().jsonPath().getList("$");
        assertThat(errors).extracting(error -> error.get("line")).containsExactly(3, 4);
        assertThat(webAdmin.request().get("/gatehouse/tenants/listed/recipients").then().statusCode(200).extract().jsonPath().getLong("total"))
            .isZero();

        webAdmin.request().contentType("text/csv").body("frank@listed.example,,Frank\nsales@listed.example,frank@listed.example\n")
            .post("/gatehouse/tenants/listed/recipients/import").then().statusCode(200);
        webAdmin.request().body(Map.of("address", "Gina@Listed.example")).post("/gatehouse/tenants/listed/recipients").then().statusCode(201);
        assertThat(webAdmin.request().get("/gatehouse/tenants/listed/recipients").then().extract().jsonPath().getList("items.address"))
            .containsExactly("frank@listed.example", "gina@listed.example", "sales@listed.example");

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.6")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("sales@listed.example").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("GINA@listed.example").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("hank@listed.example").code()).isEqualTo(550);
            // postmaster is always accepted (RFC 5321 4.5.1)
            assertThat(smtp.rcptTo("postmaster@listed.example").code()).isEqualTo(250);
        }
        webAdmin.request().delete("/gatehouse/tenants/listed/recipients?address=gina@listed.example").then().statusCode(204);
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.6")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("gina@listed.example").code()).isEqualTo(550);
        }
    }

    @Test
    void thirtyUnknownRecipientsFromOneIpShouldEndIn421WhileAnotherIpStillGetsAnswers() throws Exception {
        List<Integer> codes = new ArrayList<>();
        SmtpClient harvester = SmtpClient.connect(gateway.smtpPort(), "harvester.test", "127.0.0.9");
        assertThat(harvester.mailFrom("harvest@harvester.test").code()).isEqualTo(250);
        for (int i = 0; i < 30 && (codes.isEmpty() || codes.get(codes.size() - 1) != 421); i++) {
            codes.add(rcptCode(harvester, "guess" + i + "@listed.example"));
        }
        closeQuietly(harvester);
        assertThat(codes.subList(0, 20)).containsOnly(550);
        assertThat(codes.get(20)).isEqualTo(421);
        assertThat(codes).hasSize(21);

        // the harvester stays refused for its unknown guesses; another client is answered as before
        harvester = SmtpClient.connect(gateway.smtpPort(), "harvester.test", "127.0.0.9");
        assertThat(harvester.mailFrom("harvest@harvester.test").code()).isEqualTo(250);
        assertThat(rcptCode(harvester, "guess-again@listed.example")).isEqualTo(421);
        closeQuietly(harvester);
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test", "127.0.0.10")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("guess0@listed.example").code()).isEqualTo(550);
        }

        Map<String, Object> refused = await().atMost(SETTLED).until(() -> refusalsOf("guess20@listed.example"), found -> !found.isEmpty()).get(0);
        assertThat(refused.get("ruleIds").toString()).contains("RECIPIENT_HARVEST");
        assertThat(String.valueOf(refused.get("replyCode"))).isEqualTo("421");
        List<Map<String, Object>> limited = webAdmin.request().get("/gatehouse/rate-limited").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(limited).anySatisfy(row -> assertThat(row.get("clientIp")).isEqualTo("127.0.0.9"));
    }
}
