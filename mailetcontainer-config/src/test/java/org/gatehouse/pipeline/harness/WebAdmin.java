package org.gatehouse.pipeline.harness;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The operator's view: Gatehouse's WebAdmin REST API over HTTP, with the token of the operator account the gateway
 * created on its data directory ({@link GatewayProcess} registers it once the gateway is ready).
 */
public final class WebAdmin {
    private static final Map<Integer, String> TOKENS = new ConcurrentHashMap<>();
    private static volatile Optional<String> lastToken = Optional.empty();
    private static final java.util.Set<Integer> HTTPS = ConcurrentHashMap.newKeySet();

    private final int port;

    public WebAdmin(int port) {
        this.port = port;
    }

    /** The operator token of the gateway whose WebAdmin listens on the port. */
    public static void register(int port, String token) {
        TOKENS.put(port, token);
        lastToken = Optional.of(token);
    }

    /**
     * The operator token of the gateway on the port; for a gateway that wrote none (a second node on the database of
     * another, which has its accounts already), the token of the gateway started last before it.
     */
    public static Optional<String> operatorToken(int port) {
        return Optional.ofNullable(TOKENS.get(port)).or(() -> lastToken);
    }

    public RequestSpecification request() {
        return anonymous().header("Authorization", "Bearer " + operatorToken(port)
            .orElseThrow(() -> new IllegalStateException("No operator token known for WebAdmin port " + port)));
    }

    /** The gateway on the port serves WebAdmin over HTTPS (its test certificate is not checked). */
    static void useHttps(int port) {
        HTTPS.add(port);
    }

    /** A request without credentials. */
    public RequestSpecification anonymous() {
        RequestSpecification request = given().port(port).contentType(ContentType.JSON).accept(ContentType.JSON);
        return HTTPS.contains(port) ? request.baseUri("https://127.0.0.1").relaxedHTTPSValidation() : request;
    }

    public void createTenant(String id, List<String> domains, int downstreamPort, List<String> relayClients) {
        request()
            .body(Map.of(
                "name", "Tenant " + id,
                "domains", domains,
                "downstream", Map.of("host", "127.0.0.1", "port", downstreamPort, "requireTls", false),
                "relayClients", relayClients))
            .put("/gatehouse/tenants/" + id)
            .then()
            .statusCode(201);
    }

    public List<Map<String, Object>> messages(String query) {
        return JsonPath.from(request().get("/gatehouse/messages?" + query).then().statusCode(200).extract().asString())
            .getList("$");
    }

    public long queueSize(String queue) {
        return request().get("/mailQueues/" + queue).then().statusCode(200).extract().jsonPath().getLong("size");
    }
}
