package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.HeldForDigest;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The token classifier learns from people's decisions on held mail, end to end: a recipient's "report as spam" on the
 * self-service page and an administrator's release and delete each change the tenant's statistics once (a repeated
 * action or a second submission of the same message changes nothing), the operator's model counts them too, and once
 * the tenant has learnt enough, the released message's words score as ham.
 */
class LearningFromDecisionsTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Pattern SELF_SERVICE_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/quarantine/self-service\\?token=[A-Za-z0-9_.\\-]+)");
    private static final Pattern REPORT_FORM = Pattern.compile("name=\"token\" value=\"([^\"]+)\"><input type=\"hidden\" name=\"csrf\""
        + " value=\"([0-9a-f]*)\"><button type=\"submit\">Report as spam</button>");
    private static final String TENANT = "dec";
    private static final String LEARNING = "/gatehouse/tenants/dec/scoring/learning";
    private static final List<String> SPAM = List.of(
        "Cheap replica watches and casino bonus, claim your prize winnings today, pharmacy discount pills",
        "Casino jackpot bonus waiting, cheap pills pharmacy, replica watches for your prize claim");
    private static final List<String> HAM = List.of(
        "Agenda for Thursday's project meeting: budget review, release schedule and the hiring plan",
        "Minutes of the project meeting: the release schedule moves, budget review next Thursday",
        "Please review the hiring plan before the meeting; the agenda and budget figures are attached");

    @TempDir
    Path workDir;

    private static String message(String to, String subject, String body, String messageId) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: someone@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + messageId + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    private static void send(GatewayProcess gateway, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.send("someone@sender.test", List.of(to), message).code()).isEqualTo(250);
        }
    }

    /** Sends a message, waits until it is held, and returns its quarantine id. */
    private static String hold(GatewayProcess gateway, WebAdmin webAdmin, String to, String message) throws Exception {
        send(gateway, to, message);
        return await().atMost(DELIVERY).until(() -> JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=" + TENANT
            + "&recipient=" + to).then().statusCode(200).extract().asString()).getString("items[0].id"), id -> id != null);
    }

    private static Map<String, Object> learning(WebAdmin webAdmin, String path) {
        return webAdmin.request().get(path).then().statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void decisionsOnHeldMailShouldTeachTheClassifierOnceEach() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        int selfServicePort = HeldForDigest.configureSelfService(dataDir);
        ShippedConfiguration.append(dataDir, "gatehouse.properties", "scoring.bayes.minSpam=3\nscoring.bayes.minHam=3\n");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            HeldForDigest.holdOne(gateway, webAdmin, TENANT, "dec.example", downstream.port(), "BIG OFFER TODAY");

            // a recipient reports the held offer as spam from the self-service page of the digest
            webAdmin.request().post("/gatehouse/quarantine/digests").then().statusCode(200);
            String digest = await().atMost(DELIVERY).until(() -> downstream.received().stream()
                .filter(received -> received.recipient().equals("pat@dec.example")).findFirst(), found -> found.isPresent())
                .map(received -> HeldForDigest.textOf(HeldForDigest.parse(received.data()))).orElseThrow();
            Matcher listLink = SELF_SERVICE_LINK.matcher(digest);
            assertThat(listLink.find()).as("a self-service link in the digest:\n%s", digest).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(listLink.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
            Matcher report = REPORT_FORM.matcher(page.body());
            assertThat(report.find()).as("a report-as-spam button on the page:\n%s", page.body()).isTrue();
            String action = "http://127.0.0.1:" + selfServicePort + "/quarantine/action";
            HttpResponse<String> reported = post(http, action, cookie, report.group(1), report.group(2));
            assertThat(reported.statusCode()).isEqualTo(200);
            assertThat(reported.body()).contains("Reported as spam");
            assertThat(post(http, action, cookie, report.group(1), report.group(2)).statusCode()).as("the same button again").isEqualTo(410);
            assertThat(learning(webAdmin, LEARNING)).containsEntry("spam", 1).containsEntry("ham", 0);
            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=" + TENANT).then().extract().asString())
                .getLong("total")).isZero();
            assertThat(webAdmin.messages("recipient=pat@dec.example")).anySatisfy(record -> assertThat((List<?>) record.get("reasons"))
                .anySatisfy(reason -> assertThat(reason.toString()).contains("deleted by self-service:pat@dec.example")
                    .contains("(reported as spam); learnt as spam")));

            // an administrator releases a held message: learnt as ham once, however often it is released or submitted
            // subjects of 10 capital letters or more score (SUBJECT_ALL_CAPS), so that the tenant's policy holds these messages
            String firstHam = message("alice@dec.example", "PROJECT MEETING 0", HAM.get(0), "ham-0");
            String id = hold(gateway, webAdmin, "alice@dec.example", firstHam);
            JsonPath released = JsonPath.from(webAdmin.request().post("/gatehouse/quarantine/" + id + "/release").then().statusCode(200)
                .extract().asString());
            assertThat(released.getString("status")).isEqualTo("released");
            assertThat(released.getString("learning.label")).isEqualTo("ham");
            assertThat(released.getString("learning.status")).isEqualTo("learnt");
            JsonPath again = JsonPath.from(webAdmin.request().post("/gatehouse/quarantine/" + id + "/release").then().statusCode(200)
                .extract().asString());
            assertThat(again.getString("status")).isEqualTo("alreadyDone");
            assertThat(again.getMap("learning")).isNull();
            String delivered = await().atMost(DELIVERY).until(() -> downstream.received().stream()
                .filter(received -> received.recipient().equals("alice@dec.example")).findFirst(), found -> found.isPresent())
                .orElseThrow().content();
            assertThat(webAdmin.request().contentType("message/rfc822").body(delivered.getBytes(StandardCharsets.UTF_8))
                .post("/gatehouse/tenants/dec/scoring/learn?as=ham").then().statusCode(200).extract().jsonPath().getBoolean("alreadyKnown"))
                .as("the delivered copy of the released message").isTrue();
            assertThat(learning(webAdmin, LEARNING)).containsEntry("spam", 1).containsEntry("ham", 1).containsEntry("active", false);

            // more decisions: deleted spam and released ham, until the tenant has learnt three of each
            for (int i = 0; i < SPAM.size(); i++) {
                String spamId = hold(gateway, webAdmin, "spam" + i + "@dec.example",
                    message("spam" + i + "@dec.example", "SPECIAL OFFER " + i, SPAM.get(i), "spam-" + i));
                assertThat(webAdmin.request().delete("/gatehouse/quarantine/" + spamId).then().statusCode(200).extract().jsonPath()
                    .getString("learning.label")).isEqualTo("spam");
            }
            for (int i = 1; i < HAM.size(); i++) {
                String hamId = hold(gateway, webAdmin, "ham" + i + "@dec.example",
                    message("ham" + i + "@dec.example", "PROJECT MEETING " + i, HAM.get(i), "ham-" + i));
                webAdmin.request().post("/gatehouse/quarantine/" + hamId + "/release").then().statusCode(200);
            }
            assertThat(learning(webAdmin, LEARNING)).containsEntry("spam", 3).containsEntry("ham", 3)
                .containsEntry("active", true).containsEntry("scoredBy", "tenant");
            assertThat(learning(webAdmin, "/gatehouse/scoring/learning")).containsEntry("spam", 3).containsEntry("ham", 3);

            // the tenant stops holding everything; the released message's words now score as ham
            webAdmin.request().body("{\"description\": \"defaults\"}").put("/gatehouse/tenants/" + TENANT + "/policy").then().statusCode(200);
            send(gateway, "bob@dec.example", message("bob@dec.example", "project meeting 0", HAM.get(0), "ham-0-again"));
            String scored = await().atMost(DELIVERY).until(() -> downstream.received().stream()
                .filter(received -> received.recipient().equals("bob@dec.example")).findFirst(), found -> found.isPresent())
                .orElseThrow().content();
            assertThat(scored).containsPattern("X-Gatehouse-Verdict: [a-z_]+; rules=[A-Z_,]*BAYES_HAM");
        }
    }

    private static HttpResponse<String> post(HttpClient http, String action, String cookie, String token, String csrf) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
