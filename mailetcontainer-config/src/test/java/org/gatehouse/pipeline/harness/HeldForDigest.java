package org.gatehouse.pipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import io.restassured.path.json.JsonPath;

/**
 * The self-service tests' starting point: a gateway whose self-service page listens on a known 127.0.0.1 port, and one
 * tenant whose policy quarantines everything with an hourly digest, holding one message for {@code pat@<domain>}.
 */
public final class HeldForDigest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    /** Writes the self-service settings into {@code dataDir}'s configuration; returns the page's port. */
    public static int configureSelfService(Path dataDir) throws IOException {
        int selfServicePort = DownstreamSmtpServer.reservePort();
        ShippedConfiguration.write(dataDir, "gatehouse.properties", "quarantine.selfService.port=" + selfServicePort
            + "\nquarantine.selfService.host=127.0.0.1\nquarantine.selfService.baseUrl=http://127.0.0.1:" + selfServicePort + "\n");
        return selfServicePort;
    }

    /** Creates the tenant, quarantines everything for it, sends one message with {@code subject} and waits until it is held. */
    public static void holdOne(GatewayProcess gateway, WebAdmin webAdmin, String tenant, String domain, int downstreamPort, String subject)
            throws IOException {
        webAdmin.createTenant(tenant, List.of(domain), downstreamPort, List.of());
        webAdmin.request().body("{\"scoring\": {\"thresholds\": {\"tagHeader\": null, \"tagSubject\": null, \"quarantine\": 1,"
            + " \"block\": null}}, \"quarantine\": {\"digest\": {\"schedule\": \"every:1h\"}}}")
            .put("/gatehouse/tenants/" + tenant + "/policy").then().statusCode(200);
        try (SmtpClient smtp = SmtpClient.connect(gateway.smtpPort(), "mx.sender.test")) {
            assertThat(smtp.send("promo@sender.test", List.of("pat@" + domain), "Date: " + SmtpClient.dateNow()
                + "\r\nFrom: promo@sender.test\r\nTo: pat@" + domain + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <offer@sender.test>\r\n\r\nBuy now.\r\n").code()).isEqualTo(250);
        }
        await().atMost(DELIVERY).until(() -> JsonPath.from(webAdmin.request().get("/gatehouse/quarantine?tenant=" + tenant)
            .then().statusCode(200).extract().asString()).getLong("total") == 1);
    }

    public static MimeMessage parse(byte[] data) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain content of a part and all the parts inside it, in order. */
    public static String textOf(Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart multipart) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    text.append(textOf(multipart.getBodyPart(i)));
                }
                return text.toString();
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HeldForDigest() {
    }
}
