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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbound mail from a tenant's relay client, delivered through the configured smart host. */
class OutboundRelayTest {
    @TempDir
    static Path workDir;
    static GatewayProcess gateway;
    static DownstreamSmtpServer tenantServer;
    static DownstreamSmtpServer smartHost;
    static WebAdmin webAdmin;

    @BeforeAll
    static void startGateway() throws Exception {
        tenantServer = DownstreamSmtpServer.start();
        smartHost = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml",
            ShippedConfiguration.withOutboundSmartHost(ShippedConfiguration.read("mailetcontainer.xml"), "127.0.0.1", smartHost.port()));
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("outco", List.of("outco.test"), tenantServer.port(), List.of("127.0.0.0/8"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        tenantServer.close();
        smartHost.close();
    }

    @Test
    void outboundMailFromARelayClientShouldBeDeliveredThroughTheSmartHost() throws Exception {
        String message = "From: sales@outco.test\r\nTo: buyer@customer.example\r\nSubject: offer\r\n"
            + "Message-ID: <offer-1@outco.test>\r\n\r\nOur offer.\r\n";
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "desk.outco.test")) {
            assertThat(smtp.send("sales@outco.test", List.of("buyer@customer.example"), message).code()).isEqualTo(250);
        }

        DownstreamSmtpServer.Received received = await().atMost(Duration.ofSeconds(60))
            .until(() -> smartHost.received(), list -> !list.isEmpty()).get(0);
        assertThat(received.recipient()).isEqualTo("buyer@customer.example");
        assertThat(received.sender()).isEqualTo("sales@outco.test");
        assertThat(received.content().replace("\r\n", "\n")).endsWith(message.replace("\r\n", "\n"));
        assertThat(tenantServer.received()).isEmpty();

        Map<String, Object> record = await().atMost(Duration.ofSeconds(30)).until(
            () -> webAdmin.messages("recipient=buyer@customer.example"),
            found -> found.size() == 1 && "delivered".equals(found.get(0).get("disposition"))).get(0);
        assertThat(record).containsEntry("direction", "outbound").containsEntry("tenant", "outco");
    }

    @Test
    void mailFromARelayClientToAnotherRecipientOfItsOwnTenantShouldGoToTheTenantServer() throws Exception {
        String message = "From: sales@outco.test\r\nTo: boss@outco.test\r\nSubject: internal\r\n\r\nInternal.\r\n";
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "desk.outco.test")) {
            assertThat(smtp.send("sales@outco.test", List.of("boss@outco.test"), message).code()).isEqualTo(250);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> tenantServer.received().stream()
            .anyMatch(received -> received.recipient().equals("boss@outco.test")));
        assertThat(smartHost.received()).noneMatch(received -> received.recipient().equals("boss@outco.test"));
    }
}
