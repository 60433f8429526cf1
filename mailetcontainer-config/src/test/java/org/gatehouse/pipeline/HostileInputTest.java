package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gatehouse.message.NestedMime;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input over real SMTP against the distribution as a process: MIME trees nested thousands deep are refused at
 * the end of DATA while other mail flows; an over-long line gets one reply and nothing is delivered; postmaster is
 * reachable and domainless recipients are refused at RCPT; recipients beyond 1,000 get 452; a mailet that dies with
 * a StackOverflowError (injected) or a message accepted under looser limits never stops the spooler.
 */
class HostileInputTest {
    @TempDir
    static Path workDir;

    private static DownstreamSmtpServer downstream;
    private static GatewayProcess gateway;
    private static WebAdmin webAdmin;

    @BeforeAll
    static void startGateway() throws Exception {
        downstream = DownstreamSmtpServer.start();
        Path dataDir = workDir.resolve("gateway");
        // the operator's postmaster is a mailbox of tenant acme (delivered to its server)
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml", ShippedConfiguration.replace(ShippedConfiguration.read("mailetcontainer.xml"),
            "<postmaster>postmaster@gatehouse.localdomain</postmaster>", "<postmaster>ops@acme.example</postmaster>"));
        gateway = GatewayProcess.start(dataDir);
        webAdmin = new WebAdmin(gateway.webAdminPort());
        webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
        downstream.close();
    }

    /** A multipart/mixed tree {@code levels} deep around one text part. */
    static String nested(int levels, String to, String subject) {
        return "From: mallory@sender.test\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + SmtpClient.dateNow()
            + "\r\nMIME-Version: 1.0\r\n" + NestedMime.around(levels, "Content-Type: text/plain\r\n\r\nhello\r\n");
    }

    static String plain(String to, String subject) {
        return "From: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + SmtpClient.dateNow()
            + "\r\nMessage-ID: <" + subject + "@sender.test>\r\n\r\nA normal message.\r\n";
    }

    private static SmtpClient.Reply send(GatewayProcess target, String to, String message) throws IOException {
        try (SmtpClient smtp = SmtpClient.connect(target.smtpPort(), "mx.sender.test")) {
            return smtp.send("mallory@sender.test", List.of(to), message);
        }
    }

    @Test
    void deeplyNestedMessagesShouldBeRefusedAtDataWhileOtherMailFlows() throws Exception {
        String deep = nested(5000, "deep@acme.example", "deep");
        for (int i = 0; i < 10; i++) {
            SmtpClient.Reply reply = send(gateway, "deep@acme.example", deep);
            assertThat(reply.code()).isEqualTo(554);
            assertThat(reply.text()).contains("5.6.0", "nested deeper than 25 levels");
        }
        assertThat(send(gateway, "after-deep@acme.example", plain("after-deep@acme.example", "after-deep")).code()).isEqualTo(250);

        await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().stream()
            .anyMatch(received -> received.recipient().equals("after-deep@acme.example")));
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("deep@acme.example"));
        List<Map<String, Object>> refused = webAdmin.messages("recipient=deep@acme.example");
        assertThat(refused).hasSize(10).allSatisfy(record -> {
            assertThat(record.get("disposition")).isEqualTo("rejected");
            assertThat(record.get("reasons").toString()).contains("MIME_STRUCTURE_LIMIT");
        });
    }

    @Test
    void anOverlongLineShouldGetExactlyOneReplyAndNothingShouldBeDelivered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.smtpPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            command(out, "EHLO mx.sender.test");
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            command(out, "MAIL FROM:<mallory@sender.test>");
            assertThat(in.readLine()).startsWith("250");
            command(out, "RCPT TO:<longline@acme.example>");
            assertThat(in.readLine()).startsWith("250");
            command(out, "DATA");
            assertThat(in.readLine()).startsWith("354");
            out.write(("Subject: long\r\nX-Long: " + "a".repeat(1_000_000) + "\r\n\r\nbody\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("500 5.5.2");
            socket.setSoTimeout(3_000);
            List<String> more = new ArrayList<>();
            try {
                more.add(in.readLine());
            } catch (SocketTimeoutException expected) {
                // no second reply
            }
            assertThat(more).isEmpty();
            command(out, "QUIT");
            assertThat(in.readLine()).startsWith("221");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.messages("recipient=longline@acme.example").size() == 1);
        assertThat(webAdmin.messages("recipient=longline@acme.example").get(0).get("reasons").toString()).contains("SMTP_LINE_TOO_LONG");
        assertThat(downstream.received()).noneMatch(received -> received.recipient().equals("longline@acme.example"));
    }

    @Test
    void connectionResetsShouldBeLoggedInOneLineEach() throws Exception {
        for (int i = 0; i < 20; i++) {
            Socket socket = new Socket("127.0.0.1", gateway.smtpPort());
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            in.readLine();
            command(socket.getOutputStream(), "EHLO reset.sender.test\r\nMAIL FROM:<reset@sender.test>");
            socket.setSoLinger(true, 0);
            socket.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.output().lines()
            .filter(line -> line.contains("SMTP connection from 127.0.0.1 ended")).count() >= 1);
        assertThat(gateway.output()).doesNotContain("Unable to process request");
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void postmasterShouldBeReachableAndRecipientsWithoutADomainRefusedAtRcpt() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("bob").code()).isEqualTo(553);
            assertThat(smtp.rcptTo("other.example!victim").code()).isEqualTo(553);
            assertThat(smtp.rcptTo("postmaster").code()).isEqualTo(250);
            assertThat(smtp.rcptTo("postmaster@acme.example").code()).isEqualTo(250);
            assertThat(smtp.data(plain("postmaster", "to-postmaster")).code()).isEqualTo(250);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().stream().map(DownstreamSmtpServer.Received::recipient).toList(),
            recipients -> recipients.contains("ops@acme.example") && recipients.contains("postmaster@acme.example"));
    }

    @Test
    void theThousandAndFirstRecipientShouldGet452() throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            for (int i = 1; i <= 1000; i++) {
                assertThat(smtp.rcptTo("user" + i + "@acme.example").code()).as("recipient %d", i).isEqualTo(250);
            }
            SmtpClient.Reply beyond = smtp.rcptTo("user1001@acme.example");
            assertThat(beyond.code()).isEqualTo(452);
            assertThat(beyond.text()).contains("4.5.3");
            assertThat(smtp.reset().code()).isEqualTo(250);
        }
    }

    @Test
    void aMailetDyingWithAStackOverflowShouldNotStopTheSpooler(@TempDir Path own) throws Exception {
        Path dataDir = own.resolve("gateway");
        String pipeline = ShippedConfiguration.replace(ShippedConfiguration.read("mailetcontainer.xml"),
            "<processor state=\"inbound\" enableJmx=\"false\">",
            "<processor state=\"inbound\" enableJmx=\"false\">\n"
                + "<mailet match=\"HasHeader=X-Test-Fault\" class=\"org.gatehouse.pipeline.faults.StackOverflowMailet\"/>");
        ShippedConfiguration.write(dataDir, "mailetcontainer.xml", pipeline);
        // a loose limit setting: MIME trees 1,000 deep are accepted and reach the pipeline
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "smtp.mime.maxDepth=1000\nsmtp.mime.maxParts=100000\n");
        Path testClasses = Paths.get(HostileInputTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (DownstreamSmtpServer server = DownstreamSmtpServer.start();
             GatewayProcess faulty = GatewayProcess.start(dataDir, GatewayProcess.TEST_JVM_OPTIONS, List.of(testClasses))) {
            WebAdmin admin = new WebAdmin(faulty.webAdminPort());
            admin.createTenant("acme", List.of("acme.example"), server.port(), List.of());
            for (int i = 0; i < 3; i++) {
                assertThat(send(faulty, "fault@acme.example", "X-Test-Fault: yes\r\n" + plain("fault@acme.example", "fault" + i)).code()).isEqualTo(250);
                assertThat(send(faulty, "deep@acme.example", nested(1000, "deep@acme.example", "deep" + i)).code()).isEqualTo(250);
            }
            assertThat(send(faulty, "normal@acme.example", plain("normal@acme.example", "normal")).code()).isEqualTo(250);

            await().atMost(Duration.ofSeconds(60)).until(() -> server.received().stream()
                .anyMatch(received -> received.recipient().equals("normal@acme.example")));
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.queueSize("spool") == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> errorRepositoryCount(dataDir) == 3);
            assertThat(admin.messages("recipient=fault@acme.example")).hasSize(3).allSatisfy(record ->
                assertThat(record.get("reasons").toString()).contains("StackOverflowError"));
            // the deep ones are held with the reason (unscannable) or kept as errors: never delivered, never stuck
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.messages("recipient=deep@acme.example"),
                records -> records.size() == 3 && records.stream().allMatch(record -> "quarantined".equals(record.get("disposition"))
                    && record.get("reasons").toString().contains("CONTENT_UNSCANNABLE")));
            assertThat(server.received()).noneMatch(received -> received.recipient().startsWith("deep@") || received.recipient().startsWith("fault@"));
            assertThat(faulty.output()).doesNotContain("throwIfFatal");
        }
    }

    private static long errorRepositoryCount(Path dataDir) throws IOException {
        Path error = dataDir.resolve("var/mail/error");
        if (!Files.isDirectory(error)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(error)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".Repository.FileObjectStore")).count();
        }
    }
}
