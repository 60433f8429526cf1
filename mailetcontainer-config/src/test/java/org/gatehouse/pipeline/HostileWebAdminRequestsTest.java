package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.HeadlessChromium;
import org.gatehouse.pipeline.harness.HeldForDigest;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

import com.sun.net.httpserver.HttpServer;

import io.restassured.path.json.JsonPath;

/**
 * The attacker's findings against a running gateway: a page on another origin writing to WebAdmin from a real browser,
 * a 100 MB body in a JVM that also runs SMTP, and forged CSRF values on the self-service page.
 */
class HostileWebAdminRequestsTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Pattern ACTION_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/quarantine/action\\?token=[A-Za-z0-9_.\\-]+)");
    private static final Pattern SELF_SERVICE_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/quarantine/self-service\\?token=[A-Za-z0-9_.\\-]+)");
    private static final Pattern FORM = Pattern.compile("name=\"token\" value=\"([^\"]+)\"><input type=\"hidden\" name=\"csrf\" value=\"([0-9a-f]*)\"");

    @TempDir
    Path workDir;

    @Test
    void aPageOnAnotherOriginShouldChangeNothingThroughWebAdmin() throws Exception {
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway"))) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("hx", List.of("hx.example"), downstream.port(), List.of());
            webAdmin.request().body("{\"description\": \"second version\"}").put("/gatehouse/tenants/hx/policy").then().statusCode(200);
            String webAdminUrl = "http://127.0.0.1:" + gateway.webAdminPort();
            String page = "<!DOCTYPE html><html><head><title>loading</title></head><body><script>\n"
                + "const base = '" + webAdminUrl + "';\n"
                + "const entry = JSON.stringify({type: 'domain', value: 'evil.example'});\n"
                + "Promise.allSettled([\n"
                + "  fetch(base + '/gatehouse/tenants/hx/senders/allow', {method: 'POST', mode: 'no-cors', body: entry}),\n"
                + "  fetch(base + '/gatehouse/senders/allow', {method: 'POST', mode: 'no-cors', body: entry}),\n"
                + "  fetch(base + '/gatehouse/tenants/hx/senders/allow', {method: 'POST', mode: 'no-cors',"
                + " body: new URLSearchParams({type: 'domain', value: 'evil.example'})}),\n"
                + "  fetch(base + '/gatehouse/tenants/hx/policy/versions/1/restore', {method: 'POST', mode: 'no-cors', body: '{}'}),\n"
                + "  fetch(base + '/gatehouse/quarantine?action=delete&tenant=hx', {method: 'POST', mode: 'no-cors'}),\n"
                + "  fetch(base + '/gatehouse/tenants/hx', {method: 'DELETE', mode: 'no-cors'}),\n"
                + "  fetch(base + '/gatehouse/tenants/hx', {method: 'DELETE'}),\n"
                + "]).then(results => { document.title = 'done ' + results.map(r => r.status).join(','); });\n"
                + "</script></body></html>";
            HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 8);
            attacker.createContext("/", exchange -> {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            attacker.start();
            WebDriver browser = HeadlessChromium.start(workDir.resolve("chromium"));
            try {
                browser.get("http://127.0.0.2:" + attacker.getAddress().getPort() + "/attack.html");
                String title = await().atMost(Duration.ofSeconds(30)).until(browser::getTitle, value -> value.startsWith("done"));
                assertThat(title).as("the fetches settled").startsWith("done fulfilled");
            } finally {
                browser.quit();
                attacker.stop(0);
            }

            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/tenants/hx/senders/allow").then().statusCode(200).extract().asString())
                .getList("$")).isEmpty();
            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/senders/allow").then().statusCode(200).extract().asString())
                .getList("$")).isEmpty();
            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/tenants/hx/policy/versions").then().statusCode(200).extract().asString())
                .getList("$")).hasSize(2);
            webAdmin.request().get("/gatehouse/tenants/hx").then().statusCode(200);
            // the browser did send the simple requests, and the gateway refused each: a browser cannot hold the bearer token
            List<Map<String, Object>> refused = JsonPath.from(webAdmin.request().get("/gatehouse/audit?limit=1000").then().statusCode(200)
                .extract().asString()).getList("findAll { it.status == 401 && it.account == null }");
            assertThat(refused).extracting(record -> record.get("action")).contains(
                "POST /gatehouse/tenants/:tenantId/senders/allow",
                "POST /gatehouse/senders/allow",
                "POST /gatehouse/tenants/:tenantId/policy/versions/:id/restore",
                "POST /gatehouse/quarantine");
        }
    }

    @Test
    void aHundredMegabyteBodyShouldBeRefusedWithoutHurtingTheGateway() throws Exception {
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(workDir.resolve("gateway"))) {
            long hundredMegabytes = 100L * 1024 * 1024;

            assertThat(streamBody(gateway.webAdminPort(), "Content-Length: " + hundredMegabytes, hundredMegabytes, false))
                .startsWith("HTTP/1.1 413");
            assertThat(streamBody(gateway.webAdminPort(), "Content-Length: " + hundredMegabytes, hundredMegabytes, false, false))
                .startsWith("HTTP/1.1 401");
            assertThat(streamBody(gateway.webAdminPort(), "Transfer-Encoding: chunked", hundredMegabytes, true))
                .startsWith("HTTP/1.1 411");

            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            webAdmin.createTenant("after", List.of("after.example"), downstream.port(), List.of());
            try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
                assertThat(smtp.send("someone@sender.test", List.of("pat@after.example"), "Date: " + SmtpClient.dateNow()
                    + "\r\nFrom: someone@sender.test\r\nTo: pat@after.example\r\nSubject: still here\r\n\r\nHello.\r\n").code()).isEqualTo(250);
            }
            await().atMost(DELIVERY).until(() -> downstream.received().stream().anyMatch(received -> received.recipient().equals("pat@after.example")));
            assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
        }
    }

    /** Sends headers then streams {@code size} bytes of JSON-ish filler; answers the status line the gateway sent. */
    private static String streamBody(int port, String lengthHeader, long size, boolean chunked) throws Exception {
        return streamBody(port, lengthHeader, size, chunked, true);
    }

    /** As above, with the operator's token or without any. */
    private static String streamBody(int port, String lengthHeader, long size, boolean chunked, boolean authenticated) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String authorization = authenticated ? "Authorization: Bearer " + WebAdmin.operatorToken(port).orElseThrow() + "\r\n" : "";
            out.write(("PUT /gatehouse/tenants/huge HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + authorization + lengthHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                byte[] chunkHeader = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        if (chunked) {
                            out.write(chunkHeader);
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException e) {
                    // the gateway answered and closed: the rest was never wanted
                }
            });
            writer.setDaemon(true);
            writer.start();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theSelfServicePageShouldRefuseForgedCsrfValuesAndForeignPagesAndStillRelease() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        int selfServicePort = HeldForDigest.configureSelfService(dataDir);
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            HeldForDigest.holdOne(gateway, webAdmin, "ss", "ss.example", downstream.port(), "<SCRIPT>ALERT(1)</SCRIPT> BIG \"OFFER\" TODAY");
            webAdmin.request().post("/gatehouse/quarantine/digests").then().statusCode(200);
            String digest = await().atMost(DELIVERY).until(() -> downstream.received().stream()
                .filter(received -> received.recipient().equals("pat@ss.example")).findFirst(), found -> found.isPresent())
                .map(received -> HeldForDigest.textOf(HeldForDigest.parse(received.data()))).orElseThrow();
            Matcher releaseLink = ACTION_LINK.matcher(digest);
            Matcher listLink = SELF_SERVICE_LINK.matcher(digest);
            assertThat(releaseLink.find() && listLink.find()).as("links in the digest:\n%s", digest).isTrue();
            String action = releaseLink.group(1).replaceFirst("\\?.*", "");
            String pageOrigin = "http://127.0.0.1:" + selfServicePort;
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> confirmation = http.send(HttpRequest.newBuilder(URI.create(releaseLink.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            String cookie = confirmation.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
            Matcher form = FORM.matcher(confirmation.body());
            assertThat(form.find()).as("the confirmation form:\n%s", confirmation.body()).isTrue();
            String token = form.group(1);
            String csrf = form.group(2);
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(listLink.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            String listCookie = list.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
            Matcher listForms = FORM.matcher(list.body());
            assertThat(listForms.find() && listForms.find()).isTrue();
            String otherButtonCsrf = listForms.group(2);

            assertThat(post(http, action, "gh_csrf=abc", "abc", token, List.of())).as("forged cookie and identical form value").isEqualTo(403);
            assertThat(post(http, action, "gh_csrf=" + csrf, csrf, token, List.of())).as("the form value copied into the cookie").isEqualTo(403);
            assertThat(post(http, action, listCookie, otherButtonCsrf, token, List.of())).as("a value bound to another action").isEqualTo(403);
            assertThat(post(http, action, cookie, csrf, token, List.of("Referer", "https://evil.example/page.html")))
                .as("a hostile Referer without Origin").isEqualTo(403);
            assertThat(post(http, action, cookie, csrf, token, List.of("Origin", "https://evil.example"))).as("a hostile Origin").isEqualTo(403);
            assertThat(post(http, action, cookie, csrf, token, List.of("Origin", "null"))).as("Origin null").isEqualTo(403);
            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=ss").then().extract().asString()).getLong("total"))
                .isEqualTo(1);

            assertThat(post(http, action, cookie, csrf, token, List.of("Referer", pageOrigin + "/quarantine/action?token=" + token)))
                .as("the genuine form").isEqualTo(200);
            await().atMost(DELIVERY).until(() -> downstream.received().stream().filter(received -> received.recipient().equals("pat@ss.example"))
                .filter(received -> received.content().contains("Message-ID: <offer@sender.test>")).count() == 1);
        }
    }

    private static int post(HttpClient http, String action, String cookie, String csrf, String token, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&csrf=" + csrf));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
