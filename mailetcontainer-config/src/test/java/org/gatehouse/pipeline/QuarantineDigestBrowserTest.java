package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.GatewayProcess;
import org.gatehouse.pipeline.harness.HeadlessChromium;
import org.gatehouse.pipeline.harness.HeldForDigest;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import io.restassured.path.json.JsonPath;

/**
 * The end-to-end digest: spam over SMTP is quarantined; the digest reaches the recipient's server; a link scanner's
 * GET releases nothing; real headless Chromium follows the release link, sees the escaped confirmation page and
 * confirms; the message arrives downstream exactly once; replaying the link fails cleanly.
 */
class QuarantineDigestBrowserTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Pattern ACTION_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/quarantine/action\\?token=[A-Za-z0-9_.\\-]+)");
    private static final Pattern SELF_SERVICE_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/quarantine/self-service\\?token=[A-Za-z0-9_.\\-]+)");
    private static final String HOSTILE_SUBJECT = "<SCRIPT>ALERT(1)</SCRIPT> BIG \"OFFER\" TODAY";

    @TempDir
    Path workDir;

    @Test
    void aRecipientShouldReleaseOnceFromTheDigestInARealBrowser() throws Exception {
        Path dataDir = workDir.resolve("gateway");
        HeldForDigest.configureSelfService(dataDir);
        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start(); GatewayProcess gateway = GatewayProcess.start(dataDir)) {
            WebAdmin webAdmin = new WebAdmin(gateway.webAdminPort());
            HeldForDigest.holdOne(gateway, webAdmin, "dg", "dg.example", downstream.port(), HOSTILE_SUBJECT);

            assertThat(webAdmin.request().post("/gatehouse/quarantine/digests").then().statusCode(200).extract().jsonPath()
                .getInt("sent")).isEqualTo(1);
            MimeMessage digest = await().atMost(DELIVERY).until(() -> downstream.received().stream()
                .filter(received -> received.recipient().equals("pat@dg.example")).findFirst(), found -> found.isPresent())
                .map(received -> HeldForDigest.parse(received.data())).orElseThrow();
            assertThat(digest.getSubject()).isEqualTo("Quarantine digest: 1 new message");
            String text = HeldForDigest.textOf(digest);
            Matcher link = ACTION_LINK.matcher(text);
            assertThat(link.find()).as("a release link in the digest:\n%s", text).isTrue();
            String releaseLink = link.group(1);

            HttpResponse<String> scanner = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(releaseLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(scanner.statusCode()).isEqualTo(200);
            assertThat(scanner.body()).contains("&lt;SCRIPT&gt;").doesNotContainIgnoringCase("<script>");
            assertThat(scanner.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
            assertThat(JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=dg").then().extract().asString()).getLong("total"))
                .isEqualTo(1);

            Matcher list = SELF_SERVICE_LINK.matcher(text);
            assertThat(list.find()).as("a self-service link in the digest").isTrue();
            WebDriver browser = HeadlessChromium.start(workDir.resolve("chromium"));
            try {
                browser.get(list.group(1));
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your quarantined messages");
                assertThat(browser.findElements(By.cssSelector("td"))).extracting(WebElement::getText).contains(HOSTILE_SUBJECT, "promo@sender.test");
                assertThat(browser.findElements(By.cssSelector("form button"))).extracting(WebElement::getText)
                    .containsExactly("Release", "Release and always allow the sender", "Block the sender", "Report as spam");

                browser.get(releaseLink);
                assertThat(browser.findElement(By.tagName("body")).getText()).contains("Release this message", HOSTILE_SUBJECT);
                browser.findElement(By.cssSelector("form button")).click();
                String outcome = await().atMost(DELIVERY).until(() -> browser.findElement(By.tagName("h1")).getText(),
                    heading -> !heading.equals("Quarantined message"));
                assertThat(outcome).as("the page after confirming:\n%s", browser.getPageSource()).isEqualTo("Released");

                await().atMost(DELIVERY).until(() -> offersDelivered(downstream) == 1);

                browser.get(releaseLink);
                assertThat(browser.findElement(By.tagName("body")).getText()).contains("This link has already been used.");
            } finally {
                browser.quit();
            }
            HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(releaseLink.replaceFirst("\\?.*", "")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "gh_csrf=abc")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=abc&token=" + releaseLink.replaceFirst(".*token=", ""))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).isEqualTo(410);
            await().atMost(DELIVERY).until(() -> webAdmin.queueSize("spool") == 0);
            assertThat(offersDelivered(downstream)).isEqualTo(1);
        }
    }

    private static long offersDelivered(DownstreamSmtpServer downstream) {
        return downstream.received().stream().filter(received -> received.recipient().equals("pat@dg.example"))
            .filter(received -> received.content().contains("Message-ID: <offer@sender.test>")).count();
    }
}
