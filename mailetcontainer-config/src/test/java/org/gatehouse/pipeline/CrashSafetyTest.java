package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing accepted is lost: with the tenant's server down, N messages are answered 250, the gateway process is
 * killed with SIGKILL, restarted on the same data directory, and once the server is up all N arrive.
 *
 * <p>Queued mail arrives exactly once. Mail killed in the middle of the pipeline is processed again after the
 * restart: it arrives at least once (a kill in the instant between the hand-off to the delivery queue and the
 * spool's acknowledgement can deliver it twice, as with any MTA), and its message log record is not duplicated.
 */
class CrashSafetyTest {
    private static final int MESSAGES = 25;

    @TempDir
    Path workDir;

    private GatewayProcess startGateway(Path dataDir) throws Exception {
        return GatewayProcess.start(dataDir);
    }

    private static void sendMessages(GatewayProcess gateway) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.example")) {
            for (int i = 0; i < MESSAGES; i++) {
                String message = "From: a@sender.example\r\nTo: r@crash.test\r\nSubject: crash-" + i + "\r\n"
                    + "Message-ID: <crash-" + i + "@sender.example>\r\n\r\nmessage " + i + "\r\n";
                assertThat(smtp.send("a@sender.example", List.of("r@crash.test"), message).code())
                    .as("message %d accepted", i).isEqualTo(250);
            }
        }
    }

    private Path prepare() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withFastRetries(ShippedConfiguration.read("mailetcontainer.xml")));
        return dataDir;
    }

    private static Map<String, Long> copiesBySubject(DownstreamSmtpServer downstream) {
        return downstream.received().stream()
            .map(received -> received.content().lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElseThrow())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<String> expectedSubjects() {
        return IntStream.range(0, MESSAGES).mapToObj(i -> "Subject: crash-" + i).toList();
    }

    private static void awaitQueuesDrained(WebAdmin webAdmin) {
        await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.queueSize("spool") == 0
            && webAdmin.queueSize("downstream") == 0 && webAdmin.queueSize("downstream-tls") == 0);
    }

    @Test
    void queuedMailShouldSurviveKill9AndArriveExactlyOnce() throws Exception {
        Path dataDir = prepare();
        int downstreamPort = DownstreamSmtpServer.reservePort();

        GatewayProcess first = startGateway(dataDir);
        WebAdmin firstAdmin = new WebAdmin(first.webAdminPort());
        firstAdmin.createTenant("crash", List.of("crash.test"), downstreamPort, List.of());
        sendMessages(first);
        // Every message has left the pipeline and waits in the delivery queue, retrying against the dead server.
        await().atMost(Duration.ofSeconds(60)).until(() -> firstAdmin.queueSize("spool") == 0);
        first.kill9();

        // the downstream listens before the second gateway starts, so no other process takes the reserved port meanwhile
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(downstreamPort);
             GatewayProcess second = startGateway(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(second.webAdminPort());
            await().atMost(Duration.ofSeconds(120)).until(() -> downstream.received().size() >= MESSAGES);
            awaitQueuesDrained(webAdmin);

            Map<String, Long> copies = copiesBySubject(downstream);
            assertThat(copies).hasSize(MESSAGES).containsOnlyKeys(expectedSubjects());
            assertThat(copies.values()).allMatch(count -> count == 1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(webAdmin.messages("recipient=r@crash.test&limit=1000"))
                    .hasSize(MESSAGES)
                    .allSatisfy(record -> assertThat(record.get("disposition")).isEqualTo("delivered")));
        }
    }

    @Test
    void mailKilledInThePipelineShouldArriveAfterRestartWithOneLogRecordEach() throws Exception {
        Path dataDir = prepare();
        int downstreamPort = DownstreamSmtpServer.reservePort();

        GatewayProcess first = startGateway(dataDir);
        new WebAdmin(first.webAdminPort()).createTenant("crash", List.of("crash.test"), downstreamPort, List.of());
        sendMessages(first);
        first.kill9();

        // the downstream listens before the second gateway starts, so no other process takes the reserved port meanwhile
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(downstreamPort);
             GatewayProcess second = startGateway(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(second.webAdminPort());
            await().atMost(Duration.ofSeconds(120)).until(() -> copiesBySubject(downstream).size() == MESSAGES);
            awaitQueuesDrained(webAdmin);

            assertThat(copiesBySubject(downstream)).containsOnlyKeys(expectedSubjects());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(webAdmin.messages("recipient=r@crash.test&limit=1000"))
                    .hasSize(MESSAGES)
                    .allSatisfy(record -> assertThat(record.get("disposition")).isEqualTo("delivered")));
        }
    }
}
