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
 * killed with SIGKILL, restarted on the same data directory, and once the server is up all N arrive, none twice.
 */
class CrashSafetyTest {
    private static final int MESSAGES = 25;

    @TempDir
    Path workDir;

    @Test
    void acceptedMailShouldSurviveKill9AndArriveExactlyOnce() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withFastRetries(ShippedConfiguration.read("mailetcontainer.xml")));
        int downstreamPort = DownstreamSmtpServer.reservePort();

        GatewayProcess first = GatewayProcess.start(dataDir);
        new WebAdmin(first.webAdminPort()).createTenant("crash", List.of("crash.test"), downstreamPort, List.of());
        try (SmtpClient smtp = SmtpClient.connect(first.smtpPort(), "mx.sender.example")) {
            for (int i = 0; i < MESSAGES; i++) {
                String message = "From: a@sender.example\r\nTo: r@crash.test\r\nSubject: crash-" + i + "\r\n"
                    + "Message-ID: <crash-" + i + "@sender.example>\r\n\r\nmessage " + i + "\r\n";
                assertThat(smtp.send("a@sender.example", List.of("r@crash.test"), message).code())
                    .as("message %d accepted", i).isEqualTo(250);
            }
        }
        first.kill9();

        try (GatewayProcess second = GatewayProcess.start(dataDir);
             DownstreamSmtpServer downstream = DownstreamSmtpServer.start(downstreamPort)) {
            WebAdmin webAdmin = new WebAdmin(second.webAdminPort());
            await().atMost(Duration.ofSeconds(120)).until(() -> downstream.received().size() >= MESSAGES);
            // Every queue drained: nothing is left that could still arrive a second time.
            await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.queueSize("spool") == 0
                && webAdmin.queueSize("downstream") == 0 && webAdmin.queueSize("downstream-tls") == 0);

            Map<String, Long> copiesBySubject = downstream.received().stream()
                .map(received -> received.content().lines().filter(line -> line.startsWith("Subject: ")).findFirst().orElseThrow())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(copiesBySubject).hasSize(MESSAGES)
                .containsOnlyKeys(IntStream.range(0, MESSAGES).mapToObj(i -> "Subject: crash-" + i).toList());
            assertThat(copiesBySubject.values()).allMatch(copies -> copies == 1);
            assertThat(webAdmin.messages("recipient=r@crash.test&limit=1000"))
                .hasSize(MESSAGES)
                .allSatisfy(record -> assertThat(record.get("disposition")).isEqualTo("delivered"));
        }
    }
}
