package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.http.ContentType;

/**
 * The hygiene filter in front of every WebAdmin route, Gatehouse's and James's ({@code /tasks}): content types, foreign
 * origins, Host, body sizes without reading the body, and the operator's limits on what a tenant holds.
 */
class WebAdminRequestHygieneTest {
    static final String ADMIN_ORIGIN = "https://admin.example";
    static final int MAX_BODY = 4096;
    static final int MAX_IMPORT_BODY = 8192;
    static final String ACME = "{\"name\":\"Acme\",\"domains\":[\"acme.example\"],"
        + "\"downstream\":{\"host\":\"mail.acme.example\",\"port\":25}}";
    static final String ALLOW_ENTRY = "{\"type\":\"domain\",\"value\":\"partner.example\"}";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension(new TenantLimits(3, 2, 2),
        new WebAdminRequestHygiene.Settings(WebAdminRequestHygiene.Settings.defaultHosts("127.0.0.1"), List.of(ADMIN_ORIGIN),
            MAX_BODY, MAX_IMPORT_BODY));

    private record Answer(int status, String body) {
    }

    /** One request over a raw socket: headers exactly as written, {@code Connection: close} added. */
    private Answer raw(String requestLineAndHeaders, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", webAdmin.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((requestLineAndHeaders + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            String rest = in.lines().collect(Collectors.joining("\n"));
            return new Answer(Integer.parseInt(status.split(" ")[1]), rest);
        }
    }

    private String host() {
        return "Host: 127.0.0.1:" + webAdmin.port();
    }

    private void createAcme() {
        given().body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);
    }

    @Test
    void writesShouldWorkWhenSentLikeCurlWithJsonAndNoOrigin() throws Exception {
        Answer answer = raw("PUT /gatehouse/tenants/acme HTTP/1.1\r\n" + host() + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*"
            + "\r\nContent-Type: application/json\r\nContent-Length: " + ACME.length(), ACME);

        assertThat(answer.status()).isEqualTo(HttpStatus.CREATED_201);
        given().contentType("application/json; charset=utf-8").body(ALLOW_ENTRY).post("/gatehouse/tenants/acme/senders/allow")
            .then().statusCode(HttpStatus.CREATED_201);
        given().contentType(ContentType.JSON).delete("/gatehouse/tenants/acme/senders/allow?type=domain&value=partner.example")
            .then().statusCode(HttpStatus.NO_CONTENT_204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonp", "text/json"})
    void writesShouldBeRefusedWith415WhenTheBodyIsNotJson(String contentType) throws Exception {
        Answer answer = raw("PUT /gatehouse/tenants/acme HTTP/1.1\r\n" + host() + "\r\nContent-Type: " + contentType
            + "\r\nContent-Length: " + ACME.length(), ACME);

        assertThat(answer.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);
        assertThat(answer.body()).contains("\"statusCode\":415", "\"type\":\"InvalidArgument\"", "application/json");
        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @Test
    void writesShouldBeRefusedWith415WhenTheBodyHasNoContentType() throws Exception {
        Answer answer = raw("PUT /gatehouse/tenants/acme HTTP/1.1\r\n" + host() + "\r\nContent-Length: " + ACME.length(), ACME);

        assertThat(answer.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);
        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @Test
    void writesWithoutBodyShouldNotNeedAContentType() throws Exception {
        createAcme();

        Answer answer = raw("DELETE /gatehouse/tenants/acme HTTP/1.1\r\n" + host() + "\r\nContent-Type: text/plain", "");

        assertThat(answer.status()).isEqualTo(HttpStatus.NO_CONTENT_204);
    }

    @Test
    void policyRestoreShouldBeRefusedWith415WhenSentAsAFormPost() {
        createAcme();

        given().contentType(ContentType.URLENC).body("x=1").post("/gatehouse/tenants/acme/policy/versions/1/restore")
            .then().statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);

        assertThat(webAdmin.tenantService().policyVersions(TenantId.of("acme"))).hasSize(1);
    }

    @Test
    void importAndLearningRoutesShouldKeepTheirOwnContentTypes() {
        createAcme();

        given().contentType("text/csv").body("domain,partner.example\n").post("/gatehouse/tenants/acme/senders/allow/import")
            .then().statusCode(HttpStatus.CREATED_201);
        given().contentType("text/csv; charset=utf-8").body("domain,spam.example\n").post("/gatehouse/senders/block/import")
            .then().statusCode(HttpStatus.CREATED_201);
        given().contentType("message/rfc822").queryParam("as", "spam").body("Subject: cheap pills\r\n\r\nbuy cheap pills now\r\n".getBytes(StandardCharsets.US_ASCII))
            .post("/gatehouse/tenants/acme/scoring/learn").then().statusCode(HttpStatus.OK_200);

        given().contentType(ContentType.JSON).body("\"domain,other.example\"").post("/gatehouse/senders/block/import")
            .then().statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415).body("message", containsString("text/csv"));
        given().contentType(ContentType.URLENC).queryParam("as", "spam").body("Subject: x\r\n\r\ny\r\n")
            .post("/gatehouse/tenants/acme/scoring/learn").then().statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
            .body("message", containsString("message/rfc822 or text/plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "null", "http://127.0.0.1:8000", "https://admin.example.evil.example",
        "http://admin.example", "not a url"})
    void writesShouldBeRefusedWith403WhenTheOriginIsNotAllowed(String origin) {
        given().header("Origin", origin).body(ACME).put("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.FORBIDDEN_403)
            .body("statusCode", equalTo(403))
            .body("message", containsString("Origin"));

        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @Test
    void writesShouldBeRefusedWith403WhenAFormPostComesFromAForeignPage() {
        createAcme();
        given().body("{}").put("/gatehouse/tenants/acme/policy").then().statusCode(HttpStatus.OK_200);

        given().header("Origin", "https://evil.example").contentType("text/plain").body("{}")
            .post("/gatehouse/tenants/acme/policy/versions/1/restore").then().statusCode(HttpStatus.FORBIDDEN_403);
        given().header("Origin", "https://evil.example").body(ALLOW_ENTRY).post("/gatehouse/senders/allow")
            .then().statusCode(HttpStatus.FORBIDDEN_403);

        assertThat(webAdmin.tenantService().policyVersions(TenantId.of("acme"))).hasSize(2);
        assertThat(webAdmin.globalPolicies().current().version()).isZero();
    }

    @Test
    void writesShouldBeRefusedWith403WhenTheRefererIsForeignAndThereIsNoOrigin() {
        given().header("Referer", "https://evil.example/attack.html").body(ACME).put("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.FORBIDDEN_403).body("message", containsString("Referer"));

        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @Test
    void writesShouldBeAcceptedWhenTheOriginOrTheRefererIsAllowed() {
        given().header("Origin", ADMIN_ORIGIN).header("Referer", "https://evil.example/ignored-when-origin-is-present")
            .body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);
        given().header("Referer", "https://ADMIN.example:443/console/tenants?x=1").body(ACME).put("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.OK_200);
    }

    @Test
    void readsShouldNotBeCheckedForOrigin() {
        given().header("Origin", "https://evil.example").get("/gatehouse/tenants").then().statusCode(HttpStatus.OK_200);
    }

    @Test
    void aGetOverriddenToDeleteShouldBeCheckedAsAWrite() {
        createAcme();

        given().header("Origin", "https://evil.example").header("X-HTTP-Method-Override", "DELETE").get("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.FORBIDDEN_403);

        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isPresent();
    }

    @Test
    void jamesRoutesShouldBeCoveredByTheFilter() throws Exception {
        String task = "/tasks/" + UUID.randomUUID();
        int unchecked = when().delete(task).then().extract().statusCode();
        assertThat(unchecked).isNotIn(HttpStatus.FORBIDDEN_403, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, HttpStatus.MISDIRECTED_REQUEST_421);

        given().header("Origin", "https://evil.example").delete(task).then().statusCode(HttpStatus.FORBIDDEN_403);
        given().contentType("text/plain").body("cancel").delete(task).then().statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);
        given().header("Host", "evil.example").get("/tasks").then().statusCode(HttpStatus.MISDIRECTED_REQUEST_421);
        String large = "\"" + "x".repeat(MAX_BODY) + "\"";
        Answer tooLarge = raw("DELETE " + task + " HTTP/1.1\r\n" + host() + "\r\nContent-Type: application/json\r\nContent-Length: "
            + large.length(), large);
        assertThat(tooLarge.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE_413);
        given().get("/tasks").then().statusCode(HttpStatus.OK_200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost:1", "[::2]", "127.0.0.1:80:80", ""})
    void requestsShouldBeRefusedWith421WhenTheHostIsNotAllowed(String hostHeader) throws Exception {
        Answer answer = raw("GET /gatehouse/tenants HTTP/1.1\r\nHost: " + hostHeader, "");

        assertThat(answer.status()).isEqualTo(HttpStatus.MISDIRECTED_REQUEST_421);
        assertThat(answer.body()).contains("\"statusCode\":421", "\"type\":\"InvalidArgument\"", "webadmin.allowedHosts");
    }

    @Test
    void writesShouldBeRefusedWith421WhenTheHostIsARebindingName() {
        given().header("Host", "attacker.example:" + webAdmin.port()).body(ACME).put("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.MISDIRECTED_REQUEST_421);

        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "LOCALHOST:%d", "[::1]:%d", "127.0.0.1:%d"})
    void requestsShouldBeAnsweredWhenTheHostIsALoopbackName(String hostHeader) throws Exception {
        Answer answer = raw("GET /gatehouse/tenants HTTP/1.1\r\nHost: " + hostHeader.formatted(webAdmin.port()), "");

        assertThat(answer.status()).isEqualTo(HttpStatus.OK_200);
    }

    @Test
    void bodiesShouldBeRefusedWith413WhenLargerThanTheRouteLimit() {
        String large = "{\"name\":\"" + "x".repeat(MAX_BODY) + "\"}";

        given().body(large).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
            .body("message", containsString("webadmin.maxBodySize"));
        createAcme();
        String csv = IntStream.range(0, 250).mapToObj(i -> "domain,d" + i + ".example").collect(Collectors.joining("\n"));
        assertThat(csv.length()).isBetween(MAX_BODY, MAX_IMPORT_BODY);
        given().contentType("text/csv").body(csv).post("/gatehouse/tenants/acme/senders/block/import")
            .then().statusCode(HttpStatus.BAD_REQUEST_400).body(containsString("would have more than 2 entries"));
        given().contentType("text/csv").body(csv + "\n" + csv).post("/gatehouse/tenants/acme/senders/block/import")
            .then().statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413).body("message", containsString("webadmin.maxImportBodySize"));
    }

    @Test
    void chunkedBodiesShouldBeRefusedWith411() throws Exception {
        Answer answer = raw("PUT /gatehouse/tenants/acme HTTP/1.1\r\n" + host() + "\r\nContent-Type: application/json"
            + "\r\nTransfer-Encoding: chunked", Integer.toHexString(ACME.length()) + "\r\n" + ACME + "\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(HttpStatus.LENGTH_REQUIRED_411);
        assertThat(webAdmin.tenantService().get(TenantId.of("acme"))).isEmpty();
    }

    @Test
    void aHundredMegabyteBodyShouldBeRefusedFromItsHeadersBeforeItIsSent() throws Exception {
        long total = 100L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket("127.0.0.1", webAdmin.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gatehouse/senders/allow HTTP/1.1\r\n" + host() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + total + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                try {
                    while (sent.get() < total) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // the server answered and closed: the rest was never wanted
                }
            });
            writer.setDaemon(true);
            writer.start();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            long sentWhenAnswered = sent.get();

            assertThat(status).startsWith("HTTP/1.1 413");
            assertThat(sentWhenAnswered).as("bytes of the body sent when the answer came").isLessThan(total / 2);
        }
        given().body(ALLOW_ENTRY).post("/gatehouse/senders/allow").then().statusCode(HttpStatus.CREATED_201);
    }

    @Test
    void tenantsShouldBeRefusedNamingTheFieldWhenOverTheDomainOrNetworkLimit() {
        given().body("{\"name\":\"Big\",\"domains\":[\"a.example\",\"b.example\",\"c.example\",\"d.example\"],"
            + "\"downstream\":{\"host\":\"mail.big.example\",\"port\":25}}").put("/gatehouse/tenants/big")
            .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", equalTo("Invalid field 'domains': at most 3 entries, has 4"));
        given().body("{\"name\":\"Big\",\"domains\":[\"a.example\"],\"downstream\":{\"host\":\"mail.big.example\",\"port\":25},"
            + "\"relayClients\":[\"192.0.2.1\",\"192.0.2.2\",\"192.0.2.3\"]}").put("/gatehouse/tenants/big")
            .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", equalTo("Invalid field 'relayClients': at most 2 entries, has 3"));

        assertThat(webAdmin.tenantService().get(TenantId.of("big"))).isEmpty();
    }

    @Test
    void senderListsShouldBeRefusedNamingTheListWhenOverTheEntryLimit() {
        createAcme();
        for (String path : List.of("/gatehouse/tenants/acme/senders/allow", "/gatehouse/senders/allow")) {
            given().body("{\"type\":\"domain\",\"value\":\"one.example\"}").post(path).then().statusCode(HttpStatus.CREATED_201);
            given().body("{\"type\":\"domain\",\"value\":\"two.example\"}").post(path).then().statusCode(HttpStatus.CREATED_201);

            given().body("{\"type\":\"domain\",\"value\":\"three.example\"}").post(path)
                .then().statusCode(HttpStatus.BAD_REQUEST_400)
                .body("message", equalTo("Invalid field 'sender.allow': at most 2 entries, has 3"));
        }
        given().body("{\"sender\":{\"block\":[{\"type\":\"ip\",\"value\":\"192.0.2.1\"},{\"type\":\"ip\",\"value\":\"192.0.2.2\"},"
            + "{\"type\":\"ip\",\"value\":\"192.0.2.3\"}]}}").put("/gatehouse/tenants/acme/policy")
            .then().statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", equalTo("Invalid field 'sender.block': at most 2 entries, has 3"));
    }

    @Test
    void settingsShouldRefuseAnOriginThatIsNotOne() {
        for (String origin : List.of("null", "evil.example", "ftp://files.example", "https://user@admin.example")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebAdminRequestHygiene.Settings(List.of("localhost"),
                    List.of(origin), MAX_BODY, MAX_IMPORT_BODY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webadmin.allowedOrigins");
        }
    }

    @Test
    void defaultHostsShouldAddTheListeningAddressUnlessItIsAWildcard() {
        assertThat(WebAdminRequestHygiene.Settings.defaultHosts("0.0.0.0")).containsExactly("localhost", "127.0.0.1", "[::1]");
        assertThat(WebAdminRequestHygiene.Settings.defaultHosts("::")).containsExactly("localhost", "127.0.0.1", "[::1]");
        assertThat(WebAdminRequestHygiene.Settings.defaultHosts("192.0.2.10")).containsExactly("localhost", "127.0.0.1", "[::1]", "192.0.2.10");
        assertThat(WebAdminRequestHygiene.Settings.defaultHosts("fd00::1")).containsExactly("localhost", "127.0.0.1", "[::1]", "[fd00::1]");
        assertThat(WebAdminRequestHygiene.Settings.defaultHosts("Admin.Example.NET")).contains("admin.example.net");
    }
}
