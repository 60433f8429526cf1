package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The quarantine over SMTP and WebAdmin with a real clamd: held spam and viruses are found by free text, sender,
 * reason and date, sorted and paged; a release delivers once and says so when repeated; a delete too; a bulk delete
 * runs as a task; a release re-scans with the current signatures and refuses what they now find; the virus family
 * needs an explicit override and goes only to its original recipients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarantinePipelineTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String LATE_MARKER = "GATEHOUSE-LATE-SIGNATURE-" + "TEST-MARKER-7f3a";
    private static final String HOLD_EVERYTHING = "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null,"
        + " \"quarantine\": 1, \"block\": null}}}";

    @TempDir
    static Path workDir;
    static LoopbackClamd clamd;
    static DownstreamSmtpServer downstream;
    static GatewayProcess gateway;
    static WebAdmin webAdmin;
    static Instant sentAfter;

    @BeforeAll
    static void start() throws Exception {
        clamd = new LoopbackClamd();
        clamd.start();
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=5s\n");
        downstream = DownstreamSmtpServer.start();
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        for (String tenant : List.of("qa", "bulk")) {
            webAdmin.createTenant(tenant, List.of(tenant + ".example"), downstream.port(), List.of());
            webAdmin.request().body(HOLD_EVERYTHING).put("/gatehouse/tenants/" + tenant + "/policy").then().statusCode(200);
        }
        webAdmin.createTenant("av", List.of("av.example"), downstream.port(), List.of());
        sentAfter = Instant.now().minusSeconds(1);
        send("alice@sender.test", "zebra@qa.example", message("alice@sender.test", "zebra@qa.example", "INVOICE OVERDUE NOTICE",
            "Your zebra unicorn payment is late."));
        send("bob@other.test", "report@qa.example", message("bob@other.test", "report@qa.example", "WEEKLY REPORT READY",
            "The quarterly numbers are attached below. " + "Filler text to make this one larger. ".repeat(40)));
        send("carol@sender.test", "late@qa.example", message("carol@sender.test", "late@qa.example", "PLEASE CHECK THIS",
            "Harmless today: " + LATE_MARKER));
        send("mallory@sender.test", "virus@av.example", VirusSamples.textMessage("eicar",
            new String(VirusSamples.eicar(), StandardCharsets.US_ASCII)));
        for (int i = 0; i < 3; i++) {
            send("bulk@sender.test", "user" + i + "@bulk.example", message("bulk@sender.test", "user" + i + "@bulk.example",
                "BULK OFFER NUMBER " + i, "Buy now."));
        }
        await().atMost(DELIVERY).until(() -> total("tenant=qa") == 3 && total("tenant=bulk") == 3 && total("tenant=av") == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (downstream != null) {
            downstream.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }

    private static String message(String from, String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    private static void send(String from, String to, Object message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom(from).positive()).isTrue();
            assertThat(smtp.rcptTo(to).positive()).isTrue();
            String text = message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) message;
            assertThat(smtp.data(text).code()).isEqualTo(250);
        }
    }

    private static JsonPath search(String query) {
        return JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?" + query).then().statusCode(200).extract().asString());
    }

    private static long total(String query) {
        return search(query).getLong("total");
    }

    private static String idOf(String recipient) {
        return search("recipient=" + recipient).getString("items[0].id");
    }

    private static long deliveriesTo(String recipient) {
        return downstream.received().stream().filter(received -> received.recipient().equals(recipient)).count();
    }

    @Test
    @Order(1)
    void searchShouldFilterByTextSenderReasonAndDate() {
        assertThat(search("tenant=qa&q=unicorn").getList("items.subject")).containsExactly("INVOICE OVERDUE NOTICE");
        assertThat(search("tenant=qa&q=UNICORN payment").getList("items.subject")).containsExactly("INVOICE OVERDUE NOTICE");
        assertThat(search("sender=bob@other.test").getList("items.subject")).containsExactly("WEEKLY REPORT READY");
        assertThat(search("sender=other.test").getList("items.subject")).containsExactly("WEEKLY REPORT READY");
        assertThat(total("tenant=qa&reason=virus")).isZero();
        assertThat(search("reason=virus").getList("items[0].reasons", String.class)).containsExactly("VIRUS_FOUND");
        assertThat(search("reason=VIRUS_FOUND").getList("items.recipients[0]", String.class)).containsExactly("virus@av.example");
        assertThat(total("tenant=bulk&reason=spam")).isEqualTo(3);
        assertThat(total("tenant=qa&from=" + sentAfter)).isEqualTo(3);
        assertThat(total("tenant=qa&from=" + Instant.now().plusSeconds(3600))).isZero();
        assertThat(total("tenant=qa&q=%22foo%20AND%20(")).isZero();
    }

    @Test
    @Order(2)
    void searchShouldSortAndPage() {
        List<Integer> sizes = search("tenant=qa&sort=size:asc&reason=spam").getList("items.size", Integer.class);
        assertThat(sizes).hasSize(3).isSorted();
        assertThat(search("tenant=qa&sort=size&reason=spam").getList("items.size", Integer.class)).containsExactlyElementsOf(
            sizes.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        JsonPath page = search("tenant=bulk&sort=date:asc&offset=1&limit=1");
        assertThat(page.getLong("total")).isEqualTo(3);
        assertThat(page.getList("items")).hasSize(1);
        assertThat(page.getString("items[0].subject")).isEqualTo("BULK OFFER NUMBER 1");
        webAdmin.request().get("/gatehouse/quarantine?sort=colour").then().statusCode(400);
    }

    @Test
    @Order(3)
    void anEntryShouldShowItsMetadataHeadersPreviewAndRawMessage() {
        String id = idOf("zebra@qa.example");
        JsonPath entry = JsonPath.from(webAdmin.request().get("/gatehouse/quarantine/" + id).then().statusCode(200).extract().asString());
        assertThat(entry.getString("tenant")).isEqualTo("qa");
        assertThat(entry.getString("sender")).isEqualTo("alice@sender.test");
        assertThat(entry.getList("recipients")).containsExactly("zebra@qa.example");
        assertThat(entry.getString("family")).isEqualTo("spam");
        assertThat(entry.getInt("score")).isPositive();
        assertThat(entry.getString("preview")).contains("zebra unicorn payment");
        assertThat(entry.getList("headers.name")).contains("Subject", "Message-ID");
        String eml = webAdmin.request().accept("message/rfc822").get("/gatehouse/quarantine/" + id + "/eml")
            .then().statusCode(200).extract().asString();
        assertThat(eml).contains("Subject: INVOICE OVERDUE NOTICE", "zebra unicorn payment");
    }

    @Test
    @Order(4)
    void aReleaseShouldDeliverOnceAndSaySoWhenRepeated() {
        String id = idOf("zebra@qa.example");

        JsonPath released = JsonPath.from(webAdmin.request().body("{\"allowSender\": true}").post("/gatehouse/quarantine/" + id + "/release")
            .then().statusCode(200).extract().asString());
        assertThat(released.getString("status")).isEqualTo("released");
        assertThat(released.getBoolean("rescanned")).isTrue();
        assertThat(released.getString("allowSender")).isEqualTo("added");
        assertThat(webAdmin.request().get("/gatehouse/tenants/qa/senders/allow").then().statusCode(200).extract().jsonPath()
            .getList("value", String.class)).contains("alice@sender.test");
        await().atMost(DELIVERY).until(() -> deliveriesTo("zebra@qa.example") == 1);

        JsonPath again = JsonPath.from(webAdmin.request().post("/gatehouse/quarantine/" + id + "/release")
            .then().statusCode(200).extract().asString());
        assertThat(again.getString("status")).isEqualTo("alreadyDone");
        assertThat(again.getString("message")).contains("Already released by operator");
        await().atMost(DELIVERY).until(() -> webAdmin.queueSize("spool") == 0);
        assertThat(deliveriesTo("zebra@qa.example")).isEqualTo(1);
        assertThat(total("recipient=zebra@qa.example")).isZero();
        Map<String, Object> record = await().atMost(DELIVERY).until(() -> webAdmin.messages("recipient=zebra@qa.example"),
            found -> found.size() == 1 && "delivered".equals(found.get(0).get("disposition"))).get(0);
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("quarantine: released by operator"));
    }

    @Test
    @Order(5)
    void aDeleteShouldRemoveTheEntryAndSaySoWhenRepeated() {
        String id = idOf("report@qa.example");

        assertThat(JsonPath.from(webAdmin.request().delete("/gatehouse/quarantine/" + id).then().statusCode(200).extract().asString())
            .getString("status")).isEqualTo("deleted");

        assertThat(webAdmin.request().get("/gatehouse/quarantine/" + id).then().statusCode(404).extract().asString())
            .contains("was deleted by operator");
        assertThat(JsonPath.from(webAdmin.request().delete("/gatehouse/quarantine/" + id).then().statusCode(200).extract().asString())
            .getString("status")).isEqualTo("alreadyDone");
        assertThat(webAdmin.request().post("/gatehouse/quarantine/" + id + "/release").then().extract().statusCode()).isEqualTo(200);
        assertThat(deliveriesTo("report@qa.example")).isZero();
    }

    @Test
    @Order(6)
    void aBulkDeleteShouldRunAsATaskAndEmptyTheMatches() {
        String taskId = webAdmin.request().post("/gatehouse/quarantine?action=delete&tenant=bulk")
            .then().statusCode(201).extract().jsonPath().getString("taskId");

        JsonPath task = JsonPath.from(webAdmin.request().get("/tasks/" + taskId + "/await?timeout=60s")
            .then().statusCode(200).extract().asString());
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getString("type")).isEqualTo("gatehouse-quarantine-bulk");
        assertThat(task.getInt("additionalInformation.matched")).isEqualTo(3);
        assertThat(task.getInt("additionalInformation.done")).isEqualTo(3);
        assertThat(total("tenant=bulk")).isZero();
    }

    @Test
    @Order(7)
    void aReleaseShouldBeRefusedWhenTheCurrentSignaturesFindAVirus() throws Exception {
        String id = idOf("late@qa.example");
        clamd.addSignature("Gatehouse.Test.Late", LATE_MARKER);
        clamd.stop();
        clamd.start();

        String refusal = webAdmin.request().post("/gatehouse/quarantine/" + id + "/release").then().statusCode(409).extract().asString();

        assertThat(refusal).contains("re-scan found", "Gatehouse.Test.Late.UNOFFICIAL");
        assertThat(total("recipient=late@qa.example")).isEqualTo(1);
        assertThat(deliveriesTo("late@qa.example")).isZero();
    }

    @Test
    @Order(8)
    void theVirusFamilyShouldNeedAnOverrideAndGoOnlyToItsOriginalRecipients() {
        String id = idOf("virus@av.example");
        assertThat(webAdmin.request().get("/gatehouse/quarantine/" + id).then().statusCode(200).extract().jsonPath()
            .getList("explanation", String.class)).anySatisfy(line -> assertThat(line).contains(LoopbackClamd.EICAR_SIGNATURE));

        assertThat(webAdmin.request().post("/gatehouse/quarantine/" + id + "/release").then().statusCode(403).extract().asString())
            .contains("override");
        assertThat(webAdmin.request().body("{\"override\": true, \"recipients\": [\"someone@av.example\"]}")
            .post("/gatehouse/quarantine/" + id + "/release").then().statusCode(400).extract().asString())
            .contains("only to its original recipients");
        assertThat(webAdmin.request().body("{\"override\": true}")
            .post("/gatehouse/quarantine/" + id + "/release").then().statusCode(200).extract().jsonPath().getString("status"))
            .isEqualTo("released");
        await().atMost(DELIVERY).until(() -> deliveriesTo("virus@av.example") == 1);
    }
}
