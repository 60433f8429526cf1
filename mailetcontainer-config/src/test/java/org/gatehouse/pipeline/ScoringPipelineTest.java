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

import com.fasterxml.jackson.databind.ObjectMapper;

/** The spam score over SMTP: every action (pass, tag, tag subject, redirect, quarantine, block at the end of DATA), categories, bad policies. */
class ScoringPipelineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

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
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (downstream != null) {
            downstream.close();
        }
    }

    private static void tenant(String id, String policyJson) throws Exception {
        webAdmin.createTenant(id, List.of(id + ".example"), downstream.port(), List.of());
        if (policyJson != null) {
            webAdmin.request().body(MAPPER.readTree(policyJson).toString())
                .put("/gatehouse/tenants/" + id + "/policy").then().statusCode(200);
        }
    }

    private static String message(String to, String subject, String extraHeaders, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n" + extraHeaders + "\r\n" + body + "\r\n";
    }

    private static void send(String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").positive()).isTrue();
            assertThat(smtp.rcptTo(to).positive()).isTrue();
            assertThat(smtp.data(message).code()).isEqualTo(250);
        }
    }

    private static String awaitDelivered(String recipient) {
        return await().atMost(DELIVERY).until(() -> downstream.received().stream()
            .filter(received -> received.recipient().equals(recipient)).findFirst(), found -> found.isPresent())
            .orElseThrow().content().replace("\r\n", "\n");
    }

    private static Map<String, Object> awaitLogged(String recipient, String disposition) {
        return await().atMost(DELIVERY).until(() -> webAdmin.messages("recipient=" + recipient),
            found -> found.size() == 1 && disposition.equals(found.get(0).get("disposition"))).get(0);
    }

    @Test
    void gtubeShouldBeRefusedAtTheEndOfDataAndLogged() throws Exception {
        tenant("gtube", null);

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").positive()).isTrue();
            assertThat(smtp.rcptTo("bob@gtube.example").positive()).isTrue();
            SmtpClient.Reply reply = smtp.data(message("bob@gtube.example", "gtube test", "", "Spam test " + GTUBE));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1", "score 100", "GTUBE");
        }

        Map<String, Object> record = awaitLogged("bob@gtube.example", "rejected");
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("REJECTED at the end of DATA: spam score 100"));
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).startsWith("GTUBE"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@gtube.example"));
    }

    @Test
    void aBlockByOneOfTwoTenantsShouldQuarantineItsPartAndDeliverTheOther() throws Exception {
        tenant("blocks", null);
        tenant("tolerant", "{\"scoring\": {\"thresholds\": {\"quarantine\": null, \"block\": null}}}");

        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").positive()).isTrue();
            assertThat(smtp.rcptTo("bob@blocks.example").positive()).isTrue();
            assertThat(smtp.rcptTo("carol@tolerant.example").positive()).isTrue();
            assertThat(smtp.data(message("bob@blocks.example", "mixed gtube", "", "Spam test " + GTUBE)).code()).isEqualTo(250);
        }

        String delivered = awaitDelivered("carol@tolerant.example");
        assertThat(delivered).contains("\nX-Gatehouse-Score: 100\n", "\nSubject: [SPAM] mixed gtube\n");
        Map<String, Object> blocked = awaitLogged("bob@blocks.example", "quarantined");
        assertThat((List<?>) blocked.get("reasons")).anySatisfy(reason -> assertThat(reason.toString()).startsWith("BLOCKED: spam score 100"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@blocks.example"));
    }

    @Test
    void theTagHeaderThresholdShouldTagAndDeliver() throws Exception {
        tenant("tagged", null);

        send("bob@tagged.example", message("bob@tagged.example", "PLEASE READ THIS NOTE", "", "Hello."));

        String content = awaitDelivered("bob@tagged.example");
        assertThat(content).contains("\nX-Gatehouse-Verdict: tag; rules=", "SUBJECT_ALL_CAPS", "\nSubject: PLEASE READ THIS NOTE\n");
    }

    @Test
    void theRedirectThresholdShouldDeliverToTheTenantsRedirectAddressOnly() throws Exception {
        tenant("redir", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"redirect\": 1},"
            + " \"redirectTo\": \"spam@redir.example\"}}");

        send("bob@redir.example", message("bob@redir.example", "PLEASE READ THIS TOO", "", "Hello."));

        String content = awaitDelivered("spam@redir.example");
        assertThat(content).contains("\nX-Gatehouse-Verdict: redirect; rules=");
        assertThat((List<?>) awaitLogged("bob@redir.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("REDIRECTED to spam@redir.example"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@redir.example"));
    }

    @Test
    void theQuarantineThresholdShouldHoldTheMessage() throws Exception {
        tenant("held", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"quarantine\": 1}}}");

        send("bob@held.example", message("bob@held.example", "PLEASE READ THIS ASAP", "", "Hello."));

        Map<String, Object> record = awaitLogged("bob@held.example", "quarantined");
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("SCORE").contains("action quarantine", "SUBJECT_ALL_CAPS"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@held.example"));
    }

    @Test
    void hamShouldBeDeliveredWithTheScoreHeaders() throws Exception {
        tenant("ham", null);

        send("bob@ham.example", message("bob@ham.example", "lunch tomorrow", "", "See you at noon."));

        String content = awaitDelivered("bob@ham.example");
        assertThat(content).contains("\nX-Gatehouse-Score: 0\n", "\nX-Gatehouse-Category: corporate\n",
            "\nX-Gatehouse-Verdict: pass; rules=\n", "\nSubject: lunch tomorrow\n");
        assertThat((List<?>) awaitLogged("bob@ham.example", "delivered").get("reasons"))
            .anySatisfy(reason -> assertThat(reason.toString()).startsWith("SCORE 0 (category corporate, action pass)"));
    }

    @Test
    void aTenantsSubjectThresholdShouldPrefixTheSubject() throws Exception {
        tenant("subj", "{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": 1}}}");

        send("bob@subj.example", message("bob@subj.example", "PLEASE READ THIS NOW", "", "Hello."));

        String content = awaitDelivered("bob@subj.example");
        assertThat(content).contains("\nSubject: [SPAM] PLEASE READ THIS NOW\n", "\nX-Gatehouse-Verdict: tag_subject; rules=", "SUBJECT_ALL_CAPS");
    }

    @Test
    void aTenantsCategoryActionShouldQuarantineAMailingListMessage() throws Exception {
        tenant("lists", "{\"scoring\": {\"categories\": {\"mailing_list\": \"quarantine\"}}}");

        send("bob@lists.example", message("bob@lists.example", "weekly digest", "List-Id: <dev.lists.test>\r\n", "News."));

        Map<String, Object> record = awaitLogged("bob@lists.example", "quarantined");
        assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
            .startsWith("SCORE").contains("category mailing_list", "action quarantine"));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("bob@lists.example"));
    }

    @Test
    void aPolicyWithAnInvalidScoringSectionShouldBeRefusedWithTheFieldPath() throws Exception {
        tenant("badpolicy", null);

        String error = webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"tagHeader\": 60, \"block\": 50}}}")
            .put("/gatehouse/tenants/badpolicy/policy").then().statusCode(400).extract().asString();

        assertThat(error).contains("scoring.thresholds.tagHeader", "tagSubject (50, the default)");
    }
}
