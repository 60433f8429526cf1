package org.gatehouse.pipeline.harness;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The operator's view: Gatehouse's WebAdmin REST API over HTTP. */
public final class WebAdmin {
    private final int port;

    public WebAdmin(int port) {
        this.port = port;
    }

    public RequestSpecification request() {
        return given().port(port).contentType(ContentType.JSON).accept(ContentType.JSON);
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
