package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The repositories are the quarantine's truth: with the index directory deleted, a restart finds the same entries;
 * an entry stored while its index write was lost (the gateway killed with -9 before the index committed) is indexed
 * by the start-up check.
 */
class QuarantineIndexRecoveryTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private static void sendSpam(GatewayProcess gateway, String to, String subject) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.mailFrom("alice@sender.test").positive()).isTrue();
            assertThat(smtp.rcptTo(to).positive()).isTrue();
            assertThat(smtp.data("Date: " + SmtpClient.dateNow() + "\r\nFrom: alice@sender.test\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@sender.test>\r\n\r\nHeld for the recovery test.\r\n").code()).isEqualTo(250);
        }
    }

    private static JsonPath search(WebAdmin webAdmin, String query) {
        return JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?" + query).then().statusCode(200).extract().asString());
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void theIndexShouldBeRebuiltFromTheRepositoriesAtStart() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            List<String> ids;
            String second;
            ShippedConfiguration.write(dataDir, "gatehouse.properties", "quarantine.index.commitInterval=1h\n");
            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                webAdmin.createTenant("rq", List.of("rq.example"), downstream.port(), List.of());
                webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"quarantine\": 1,"
                    + " \"block\": null}}}").put("/gatehouse/tenants/rq/policy").then().statusCode(200);
                sendSpam(gateway, "one@rq.example", "FIRST HELD MESSAGE");
                sendSpam(gateway, "two@rq.example", "SECOND HELD MESSAGE");
                await().atMost(DELIVERY).until(() -> search(webAdmin, "tenant=rq").getLong("total") == 2);
                ids = search(webAdmin, "tenant=rq&sort=date:asc").getList("items.id", String.class);
                second = search(webAdmin, "recipient=two@rq.example").getString("items[0].id");
                assertThat(gateway.stop()).isPresent();
            }
            Path index = dataDir.resolve("var/quarantine-index");
            assertThat(index).isDirectory();
            deleteRecursively(index);

            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                assertThat(search(webAdmin, "tenant=rq&sort=date:asc").getList("items.id", String.class)).isEqualTo(ids);
                assertThat(search(webAdmin, "q=second").getList("items.id", String.class)).containsExactly(second);
                assertThat(gateway.output()).contains("2 held, 2 indexed now");

                sendSpam(gateway, "three@rq.example", "THIRD HELD MESSAGE");
                await().atMost(DELIVERY).until(() -> webAdmin.messages("recipient=three@rq.example"),
                    found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition")));
                gateway.kill9();
            }

            try (GatewayProcess gateway = GatewayProcess.start(dataDir)) {
                WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
                assertThat(search(webAdmin, "tenant=rq").getLong("total")).isEqualTo(3);
                assertThat(search(webAdmin, "q=third").getList("items.recipients[0]", String.class)).containsExactly("three@rq.example");
                // the third message's entry was stored and its index write lost; if the kill also came before the
                // queue heard the mail was done, the spool hands it out again and its entry is replaced, not doubled
                assertThat(gateway.output()).containsPattern("3 held, [01] indexed now");

                String taskId = webAdmin.request().post("/gatehouse/quarantine/index?action=rebuild")
                    .then().statusCode(201).extract().jsonPath().getString("taskId");
                JsonPath task = JsonPath.from(webAdmin.request().get("/tasks/" + taskId + "/await?timeout=60s")
                    .then().statusCode(200).extract().asString());
                assertThat(task.getString("status")).isEqualTo("completed");
                assertThat(task.getInt("additionalInformation.held")).isEqualTo(3);
                assertThat(task.getInt("additionalInformation.indexed")).isEqualTo(3);
                assertThat(search(webAdmin, "tenant=rq").getLong("total")).isEqualTo(3);
            }
        }
    }
}
