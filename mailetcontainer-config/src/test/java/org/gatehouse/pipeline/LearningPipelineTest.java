package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning hook end to end: messages a person judged are learnt through WebAdmin, and once the tenant has learnt
 * enough, the token classifier's BAYES_* rule adds to the score of new mail over SMTP. A tenant that learnt nothing is
 * scored by the operator's model, which learnt the same decisions.
 */
class LearningPipelineTest {
    private static final List<String> SPAM = List.of(
        "Cheap replica watches and casino bonus, claim your prize winnings today, pharmacy discount pills",
        "Casino jackpot bonus waiting, cheap pills pharmacy, replica watches for your prize claim",
        "Your prize winnings: casino bonus code, cheap replica watches, pharmacy pills shipped discreetly");
    private static final List<String> HAM = List.of(
        "Agenda for Thursday's project meeting: budget review, release schedule and the hiring plan",
        "Minutes of the project meeting: the release schedule moves, budget review next Thursday",
        "Please review the hiring plan before the meeting; the agenda and budget figures are attached");

    @TempDir
    Path workDir;

    private static String message(String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: someone@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + Math.abs(body.hashCode()) + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    @Test
    void learntDecisionsShouldAddTheClassifiersRuleToNewMail() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "scoring.bayes.minSpam=3\nscoring.bayes.minHam=3\n");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("learner", List.of("learner.example"), downstream.port(), List.of());
            webAdmin.createTenant("novice", List.of("novice.example"), downstream.port(), List.of());
            for (int i = 0; i < 3; i++) {
                learn(webAdmin, "spam", message("bob@learner.example", "offer " + i, SPAM.get(i)));
                learn(webAdmin, "ham", message("bob@learner.example", "project " + i, HAM.get(i)));
            }
            Map<String, Object> status = webAdmin.request().get("/gatehouse/tenants/learner/scoring/learning").then().statusCode(200)
                .extract().jsonPath().getMap("");
            assertThat(status).containsEntry("active", true);

            String spammy = "Claim your casino prize: cheap replica watches and pharmacy pills, bonus winnings today";
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.send("someone@sender.test", List.of("bob@learner.example", "carol@novice.example"),
                    message("bob@learner.example", "new offer", spammy)).code()).isEqualTo(250);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 2);
            String learnt = downstream.received().stream().filter(received -> received.recipient().equals("bob@learner.example"))
                .findFirst().orElseThrow().content();
            String untrained = downstream.received().stream().filter(received -> received.recipient().equals("carol@novice.example"))
                .findFirst().orElseThrow().content();
            assertThat(learnt).containsPattern("X-Gatehouse-Verdict: [a-z_]+; rules=[A-Z_,]*BAYES_SPAM");
            assertThat(untrained).containsPattern("X-Gatehouse-Verdict: [a-z_]+; rules=[A-Z_,]*BAYES_SPAM");
            assertThat(webAdmin.request().get("/gatehouse/tenants/novice/scoring/learning").then().statusCode(200).extract().jsonPath()
                .getString("scoredBy")).isEqualTo("operator");
        }
    }

    private static void learn(WebAdmin webAdmin, String label, String message) {
        webAdmin.request().contentType("message/rfc822").body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .post("/gatehouse/tenants/learner/scoring/learn?as=" + label).then().statusCode(200);
    }
}
