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
 * Gatehouse's RemoteDelivery makes a part's first delivery attempt on the spool thread and writes its message-log
 * record once (docs/operations.md, "Delivery"): delivered at once, the record is inserted already delivered; when the
 * tenant's server is down, the part waits in the outgoing queue and its record says queued, with the checks' reasons,
 * until a retry delivers it; the next part for that server goes straight to the queue.
 */
class FirstDeliveryAttemptTest {
    @TempDir
    Path workDir;

    private static String message(String subject) {
        return "From: a@sender.example\r\nTo: r@first.test\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
            + "@sender.example>\r\n\r\n" + subject + "\r\n";
    }

    private static Map<String, Object> onlyRecord(WebAdmin webAdmin, String subject) {
        List<Map<String, Object>> records = webAdmin.messages("recipient=r@first.test").stream()
            .filter(record -> ("<" + subject + "@sender.example>").equals(record.get("messageId"))).toList();
        assertThat(records).as("records of %s", subject).hasSize(1);
        return records.get(0);
    }

    @Test
    void aPartShouldBeRecordedQueuedWhileItsServerIsDownThenDeliveredOnceWithItsReasons() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withFastRetries(ShippedConfiguration.read("mailetcontainer.xml")));
        int downstreamPort = DownstreamSmtpServer.reservePort();

        try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("first", List.of("first.test"), downstreamPort, List.of());
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                assertThat(smtp.send("a@sender.example", List.of("r@first.test"), message("while-down")).code()).isEqualTo(250);
                assertThat(smtp.send("a@sender.example", List.of("r@first.test"), message("while-backing-off")).code())
                    .isEqualTo(250);
            }

            // the first attempt failed: the part waits for a retry, and the trace shows it with the checks' reasons
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String subject : List.of("while-down", "while-backing-off")) {
                    Map<String, Object> record = onlyRecord(webAdmin, subject);
                    assertThat(record.get("disposition")).isEqualTo("queued");
                    assertThat(String.valueOf(record.get("reasons"))).contains("SPF_");
                }
            });
            List<?> reasonsWhileQueued = (List<?>) onlyRecord(webAdmin, "while-down").get("reasons");

            try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(downstreamPort)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> downstream.received().size() == 2);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String subject : List.of("while-down", "while-backing-off")) {
                        assertThat(onlyRecord(webAdmin, subject).get("disposition")).isEqualTo("delivered");
                    }
                });
                // written when it was queued, and not again at its delivery
                assertThat((List<?>) onlyRecord(webAdmin, "while-down").get("reasons")).isEqualTo(reasonsWhileQueued);

                // the server answers again: the next part is delivered, and recorded once
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                    assertThat(smtp.send("a@sender.example", List.of("r@first.test"), message("after")).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> downstream.received().size() == 3);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(onlyRecord(webAdmin, "after").get("disposition")).isEqualTo("delivered"));
                assertThat(downstream.received()).extracting(received -> received.content().contains("Subject: after"))
                    .containsOnlyOnce(true);
            }
        }
    }

    @Test
    void aNullSendersMessageRefusedForGoodAtItsFirstAttemptShouldBeRecordedBouncedWithTheReason() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start();
             GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("first", List.of("first.test"), downstream.port(), List.of());
            String unknown = DownstreamSmtpServer.UNKNOWN_USER_PREFIX + "r@first.test";
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
                // a delivery status notification: no bounce may be sent for it
                assertThat(smtp.send("", List.of(unknown), "From: MAILER-DAEMON@sender.example\r\nTo: " + unknown
                    + "\r\nSubject: dsn\r\nMessage-ID: <dsn@sender.example>\r\n\r\ndelivery report\r\n").code()).isEqualTo(250);
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<Map<String, Object>> records = webAdmin.messages("recipient=" + unknown);
                assertThat(records).hasSize(1);
                assertThat(records.get(0).get("disposition")).isEqualTo("bounced");
                assertThat(String.valueOf(records.get(0).get("reasons"))).contains("no bounce is sent for a null sender");
            });
            assertThat(downstream.received()).isEmpty();
        }
    }
}
