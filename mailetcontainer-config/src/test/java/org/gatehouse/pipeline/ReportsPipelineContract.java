package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.dns.LoopbackDnsServer;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;

/**
 * The reports over real SMTP (docs/reports.md): a mixed load (clean, spam, a virus found by a real clamd, a content
 * block, a DNSBL refusal over real DNS, a rate limit, outbound mail from a relay client to another tenant) is counted
 * exactly by the summary, top and delivery reports, on the store the implementation gives.
 */
public interface ReportsPipelineContract {
    ObjectMapper MAPPER = new ObjectMapper();
    String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    String RELAY_CLIENT = "127.0.0.2";

    /** The gateway's data directory, with gatehouse.properties naming the store when it is not the embedded Derby. */
    Path dataDir() throws Exception;

    /** The properties every report test needs: rollups caught up every second, the day's top lists every time. */
    static String reportProperties() {
        return "reports.rollup.interval=1s\nreports.rollup.topInterval=0s\nreports.send.interval=2s\nreports.send.delay=0s\n";
    }

    static String message(String from, String to, String subject, String body) {
        return "Date: " + SmtpClient.dateNow() + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "." + System.nanoTime() + "@sender.test>\r\n\r\n" + body + "\r\n";
    }

    private static void tenant(WebAdmin webAdmin, String id, int port, List<String> relayClients, String policy) throws Exception {
        webAdmin.createTenant(id, List.of(id + ".example"), port, relayClients);
        if (policy != null) {
            webAdmin.request().body(MAPPER.readTree(policy).toString()).put("/gatehouse/tenants/" + id + "/policy").then().statusCode(200);
        }
    }

    private static int send(GatewayProcess gateway, String from, String to, String message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            if (smtp.mailFrom(from).code() != 250) {
                return -1;
            }
            SmtpClient.Reply rcpt = smtp.rcptTo(to);
            if (rcpt.code() != 250) {
                return rcpt.code();
            }
            return smtp.data(message).code();
        }
    }

    static JsonPath report(WebAdmin webAdmin, String path) {
        return JsonPath.from(webAdmin.request().get("/gatehouse/reports/" + path).then().statusCode(200).extract().asString());
    }

    @Test
    default void reportsShouldCountAMixedLoadExactly() throws Exception {
        Path dataDir = dataDir();
        try (LoopbackDnsServer dns = LoopbackDnsServer.builder().record("1.0.0.127.bl.test. IN A 127.0.0.2").start(dataDir.resolve("dns"));
             LoopbackClamd clamd = new LoopbackClamd();
             DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            clamd.start();
            ShippedConfiguration.append(dataDir, "gatehouse.properties", "dns.servers=" + dns.address() + "\ndns.timeout=500ms\n"
                + "antivirus.scanners=" + clamd.tcpAddress() + "\nantivirus.timeout=10s\n" + reportProperties());
            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                tenant(webAdmin, "rep", downstream.port(), List.of(), null);
                tenant(webAdmin, "rbl", downstream.port(), List.of(),
                    "{\"sender\": {\"dnsbl\": {\"zones\": [{\"zone\": \"bl.test\", \"action\": \"block\"}]}}}");
                tenant(webAdmin, "ratein", downstream.port(), List.of(), "{\"rate\": {\"inbound\": {\"messages\": 1, \"window\": \"30m\"}}}");
                tenant(webAdmin, "outco", downstream.port(), List.of(RELAY_CLIENT + "/32"), null);
                Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);

                for (int i = 0; i < 3; i++) {
                    assertThat(send(gateway, "alice@sender.test", "bob@rep.example", message("alice@sender.test", "bob@rep.example",
                        "quarterly figures " + i, "The figures are attached as agreed."))).isEqualTo(250);
                }
                assertThat(send(gateway, "spammer@sender.test", "bob@rep.example", message("spammer@sender.test", "bob@rep.example",
                    "offer", GTUBE))).isEqualTo(550);
                assertThat(send(gateway, "alice@sender.test", "carol@rep.example", new String(VirusSamples.textMessage("virus",
                    new String(VirusSamples.eicar(), StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))).isEqualTo(250);
                assertThat(send(gateway, "alice@sender.test", "dave@rep.example", new String(VirusSamples.messageWithAttachment("setup",
                    "setup.exe", "application/octet-stream", VirusSamples.windowsExecutable()), StandardCharsets.US_ASCII))).isEqualTo(550);
                assertThat(send(gateway, "alice@sender.test", "erin@rbl.example", "unused")).isEqualTo(550);
                for (int expected : new int[] {250, 452}) {
                    assertThat(send(gateway, "alice@sender.test", "frank@ratein.example", message("alice@sender.test", "frank@ratein.example",
                        "rate", "Hello."))).isEqualTo(expected);
                }
                try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "relay.outco.example", RELAY_CLIENT)) {
                    assertThat(smtp.send("sales@outco.example", List.of("bob@rep.example"), message("sales@outco.example", "bob@rep.example",
                        "our quote", "Please find our quote.")).code()).isEqualTo(250);
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> downstream.received().size() == 5);
                String range = "from=" + from + "&to=" + from.plus(Duration.ofHours(2));

                // the rollups catch up every second: all of it, and never more
                await().atMost(Duration.ofSeconds(60)).until(() -> report(webAdmin, "summary?" + range).getInt("total") == 11
                    && report(webAdmin, "summary?tenant=rep&" + range).getInt("totals.delivered_clean") == 4
                    && report(webAdmin, "summary?tenant=rep&" + range).getInt("totals.virus") == 1);
                Thread.sleep(3000);
                JsonPath rep = report(webAdmin, "summary?tenant=rep&direction=inbound&" + range);
                assertThat(rep.<String, Integer>getMap("totals")).containsAllEntriesOf(Map.of("delivered_clean", 4, "spam_blocked", 1,
                    "virus", 1, "content_policy", 1, "tagged", 0, "deferred", 0));
                assertThat(rep.getInt("total")).isEqualTo(7);
                assertThat(report(webAdmin, "summary?tenant=outco&direction=outbound&" + range).<String, Integer>getMap("totals"))
                    .containsEntry("delivered_clean", 1);
                assertThat(report(webAdmin, "summary?tenant=outco&" + range).getInt("total")).isEqualTo(1);
                assertThat(report(webAdmin, "summary?tenant=rbl&" + range).<String, Integer>getMap("totals"))
                    .containsEntry("sender_refused", 1);
                assertThat(report(webAdmin, "summary?tenant=ratein&" + range).<String, Integer>getMap("totals"))
                    .containsEntry("delivered_clean", 1).containsEntry("rate_limited", 1);
                assertThat(report(webAdmin, "summary?" + range).getInt("total")).isEqualTo(11);

                JsonPath senders = report(webAdmin, "top?tenant=rep&by=sender&" + range);
                assertThat(senders.getList("items.item")).containsExactly("alice@sender.test", "sales@outco.example", "spammer@sender.test");
                assertThat(senders.getList("items.messages", Integer.class)).containsExactly(5, 1, 1);
                assertThat(report(webAdmin, "top?tenant=rep&by=clientIp&" + range).getList("items.messages", Integer.class))
                    .containsExactly(6, 1);
                assertThat(report(webAdmin, "top?tenant=rep&by=rule&limit=100&" + range).getList("items.item"))
                    .contains("SPAM_SCORE_REJECT", "CONTENT_DENIED_TYPE", "VIRUS_FOUND");
                assertThat(report(webAdmin, "top?tenant=rep&by=recipient&" + range).getList("items.item"))
                    .containsExactly("bob@rep.example", "carol@rep.example", "dave@rep.example");

                JsonPath delivery = report(webAdmin, "delivery?tenant=rep&" + range);
                assertThat(delivery.getInt("delivered")).isEqualTo(4);
                assertThat(delivery.getInt("withinTarget")).isEqualTo(4);
                assertThat(delivery.getInt("p99Seconds")).isLessThanOrEqualTo(120);

                String csv = webAdmin.request().accept("text/csv").get("/gatehouse/reports/summary?tenant=rep&granularity=hour&" + range)
                    .then().statusCode(200).extract().asString();
                assertThat(csv.lines().findFirst().orElseThrow()).startsWith("start,delivered_clean,tagged,");
                assertThat(csv.lines().skip(1).filter(line -> line.endsWith(",7"))).hasSize(1);
            }
        }
    }
}
