package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.restassured.path.json.JsonPath;

class TenantRoutesTest {
    static final String ACME = "{\"name\":\"Acme Corp\",\"domains\":[\"acme.example\",\"acme.test\"],"
        + "\"downstream\":{\"host\":\"mail.acme.example\",\"port\":25,\"requireTls\":false},"
        + "\"relayClients\":[\"192.0.2.0/24\"]}";
    static final String GLOBEX = "{\"name\":\"Globex\",\"domains\":[\"globex.example\"],"
        + "\"downstream\":{\"host\":\"mail.globex.example\",\"port\":2525,\"requireTls\":true}}";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    static void put(String tenantId, String body, int expectedStatus) {
        given().body(body).when().put("/gatehouse/tenants/" + tenantId).then().statusCode(expectedStatus);
    }

    static JsonPath get(String tenantId) {
        return when().get("/gatehouse/tenants/" + tenantId).then().statusCode(HttpStatus.OK_200).extract().jsonPath();
    }

    @Test
    void putShouldAnswerCreatedWithTheTenantWhenTenantIsNew() {
        given()
            .body(ACME)
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("id", equalTo("acme"))
            .body("name", equalTo("Acme Corp"))
            .body("domains", equalTo(List.of("acme.example", "acme.test")))
            .body("downstream.host", equalTo("mail.acme.example"))
            .body("downstream.port", equalTo(25))
            .body("downstream.requireTls", equalTo(false))
            .body("relayClients", equalTo(List.of("192.0.2.0/24")));
    }

    @Test
    void putShouldAnswerOkWhenTenantExists() {
        put("acme", ACME, HttpStatus.CREATED_201);

        given()
            .body(ACME.replace("Acme Corp", "Acme Renamed"))
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("name", equalTo("Acme Renamed"));
    }

    @Test
    void putShouldReplaceTheTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);

        put("acme", "{\"name\":\"Acme\",\"domains\":[\"acme.org\"],\"downstream\":{\"host\":\"192.0.2.25\",\"port\":587}}",
            HttpStatus.OK_200);

        JsonPath tenant = get("acme");
        assertThat(tenant.getList("domains")).containsExactly("acme.org");
        assertThat(tenant.getString("downstream.host")).isEqualTo("192.0.2.25");
        assertThat(tenant.getInt("downstream.port")).isEqualTo(587);
        assertThat(tenant.getBoolean("downstream.requireTls")).isFalse();
        assertThat(tenant.getList("relayClients")).isEmpty();
    }

    @Test
    void putShouldNormaliseDomainsAndNetworks() {
        given()
            .body("{\"name\":\"Acme\",\"domains\":[\"ACME.Example.\"],\"downstream\":{\"host\":\"Mail.ACME.example\",\"port\":25},"
                + "\"relayClients\":[\"192.0.2.77/24\",\"2001:0DB8::1\"]}")
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.CREATED_201);

        JsonPath tenant = get("acme");
        assertThat(tenant.getList("domains")).containsExactly("acme.example");
        assertThat(tenant.getString("downstream.host")).isEqualTo("mail.acme.example");
        assertThat(tenant.getList("relayClients")).containsExactly("192.0.2.0/24", "2001:db8::1/128");
    }

    @Test
    void putShouldAcceptTheIdWhenItMatchesTheUrl() {
        put("acme", ACME.replace("{\"name\"", "{\"id\":\"acme\",\"name\""), HttpStatus.CREATED_201);

        assertThat(get("acme").getString("name")).isEqualTo("Acme Corp");
    }

    @Test
    void getShouldReturnTheTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);

        JsonPath tenant = get("acme");

        assertThat(tenant.getMap("")).isEqualTo(Map.of(
            "id", "acme",
            "name", "Acme Corp",
            "domains", List.of("acme.example", "acme.test"),
            "downstream", Map.of("host", "mail.acme.example", "port", 25, "requireTls", false),
            "relayClients", List.of("192.0.2.0/24")));
    }

    @Test
    void getShouldAnswerNotFoundWhenTenantIsUnknown() {
        when()
            .get("/gatehouse/tenants/unknown")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("statusCode", equalTo(404))
            .body("type", equalTo("notFound"))
            .body("message", containsString("unknown"));
    }

    @Test
    void getShouldAnswerBadRequestWhenTenantIdIsInvalid() {
        when()
            .get("/gatehouse/tenants/Acme")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("'tenantId'"));
    }

    @Test
    void listShouldBeEmptyWhenNoTenant() {
        when()
            .get("/gatehouse/tenants")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("", equalTo(List.of()));
    }

    @Test
    void listShouldReturnEveryTenantOrderedById() {
        put("globex", GLOBEX, HttpStatus.CREATED_201);
        put("acme", ACME, HttpStatus.CREATED_201);

        when()
            .get("/gatehouse/tenants")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("acme", "globex")))
            .body("[1].downstream.port", equalTo(2525))
            .body("[1].downstream.requireTls", equalTo(true));
    }

    @Test
    void deleteShouldAnswerNoContentAndRemoveTheTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);

        when()
            .delete("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.NO_CONTENT_204);

        when().get("/gatehouse/tenants/acme").then().statusCode(HttpStatus.NOT_FOUND_404);
        when().get("/gatehouse/tenants/acme/policy").then().statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void deleteShouldAnswerNoContentWhenTenantIsUnknown() {
        when()
            .delete("/gatehouse/tenants/unknown")
        .then()
            .statusCode(HttpStatus.NO_CONTENT_204);
    }

    @Test
    void deleteShouldReleaseTheDomains() {
        put("acme", ACME, HttpStatus.CREATED_201);
        when().delete("/gatehouse/tenants/acme").then().statusCode(HttpStatus.NO_CONTENT_204);

        put("globex", GLOBEX.replace("\"globex.example\"", "\"acme.example\""), HttpStatus.CREATED_201);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "second domain invalid      | domains[1]            | {\"name\":\"Acme\",\"domains\":[\"acme.example\",\"not a domain\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "domain not a string        | domains[0]            | {\"name\":\"Acme\",\"domains\":[42],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "domain listed twice        | domains[1]            | {\"name\":\"Acme\",\"domains\":[\"acme.example\",\"ACME.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "no domain                  | domains               | {\"name\":\"Acme\",\"domains\":[],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "domains missing            | domains               | {\"name\":\"Acme\",\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "port out of range          | downstream.port       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":70000}}",
        "port not an integer        | downstream.port       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":\"25\"}}",
        "port missing               | downstream.port       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\"}}",
        "host invalid               | downstream.host       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx_acme\",\"port\":25}}",
        "host IPv6                  | downstream.host       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"2001:db8::25\",\"port\":25}}",
        "requireTls not a boolean   | downstream.requireTls | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25,\"requireTls\":\"yes\"}}",
        "unknown downstream field   | downstream.tls        | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25,\"tls\":true}}",
        "downstream missing         | downstream            | {\"name\":\"Acme\",\"domains\":[\"acme.example\"]}",
        "name missing               | name                  | {\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "name blank                 | name                  | {\"name\":\"  \",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "name with control char     | name                  | {\"name\":\"Acme\\u0007\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "unknown field              | color                 | {\"name\":\"Acme\",\"color\":\"red\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "id not matching the URL    | id                    | {\"id\":\"globex\",\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
        "relay client invalid       | relayClients[1]       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25},\"relayClients\":[\"192.0.2.0/24\",\"192.0.2.0/33\"]}",
        "relay client listed twice  | relayClients[1]       | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25},\"relayClients\":[\"192.0.2.0/24\",\"192.0.2.9/24\"]}",
        "relayClients not an array  | relayClients          | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25},\"relayClients\":\"192.0.2.0/24\"}",
        "not an object              | $                     | [\"acme.example\"]",
        "malformed JSON             | $                     | {\"name\":\"Acme\",",
        "trailing content           | $                     | {\"name\":\"Acme\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}} {}",
        "duplicate key              | $                     | {\"name\":\"Acme\",\"name\":\"Evil\",\"domains\":[\"acme.example\"],\"downstream\":{\"host\":\"mx.acme.example\",\"port\":25}}",
    })
    void putShouldAnswerBadRequestNamingTheFieldAndCreateNothingWhenBodyIsInvalid(String description, String field, String body) {
        given()
            .body(body)
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("statusCode", equalTo(400))
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field '" + field + "'"));

        when().get("/gatehouse/tenants/acme").then().statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void putShouldChangeNothingWhenBodyIsInvalidForAnExistingTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);
        JsonPath before = get("acme");

        given()
            .body(ACME.replace("\"port\":25", "\"port\":0").replace("Acme Corp", "Acme Renamed"))
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("'downstream.port'"));

        assertThat(get("acme").getMap("")).isEqualTo(before.getMap(""));
        assertThat(when().get("/gatehouse/tenants/acme/policy/versions").then().extract().jsonPath().getList("version"))
            .containsExactly(1);
    }

    @Test
    void putShouldAnswerBadRequestWhenBodyIsEmpty() {
        given()
            .body("")
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("'$'"));
    }

    @Test
    void putShouldAnswerBadRequestNamingTenantIdWhenIdHasUpperCase() {
        given()
            .body(ACME)
        .when()
            .put("/gatehouse/tenants/Acme")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'tenantId'"));

        when().get("/gatehouse/tenants").then().body("", equalTo(List.of()));
    }

    @Test
    void putShouldAnswerConflictAndChangeNothingWhenADomainBelongsToAnotherTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);
        put("globex", GLOBEX, HttpStatus.CREATED_201);
        JsonPath acmeBefore = get("acme");
        JsonPath globexBefore = get("globex");

        given()
            .body(GLOBEX.replace("\"globex.example\"", "\"globex.example\",\"acme.test\"").replace("Globex", "Globex Renamed"))
        .when()
            .put("/gatehouse/tenants/globex")
        .then()
            .statusCode(HttpStatus.CONFLICT_409)
            .body("statusCode", equalTo(409))
            .body("message", containsString("acme.test"));

        assertThat(get("acme").getMap("")).isEqualTo(acmeBefore.getMap(""));
        assertThat(get("globex").getMap("")).isEqualTo(globexBefore.getMap(""));
    }

    @Test
    void putShouldAnswerConflictAndCreateNothingWhenNewTenantTakesADomainOfAnotherTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);

        given()
            .body(GLOBEX.replace("\"globex.example\"", "\"ACME.example\""))
        .when()
            .put("/gatehouse/tenants/globex")
        .then()
            .statusCode(HttpStatus.CONFLICT_409);

        when().get("/gatehouse/tenants/globex").then().statusCode(HttpStatus.NOT_FOUND_404);
        when().get("/gatehouse/tenants/globex/policy").then().statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void putShouldAnswerConflictWhenRelayClientsOverlapThoseOfAnotherTenant() {
        put("acme", ACME, HttpStatus.CREATED_201);

        given()
            .body(GLOBEX.replace("}}", "},\"relayClients\":[\"192.0.2.128/25\"]}"))
        .when()
            .put("/gatehouse/tenants/globex")
        .then()
            .statusCode(HttpStatus.CONFLICT_409)
            .body("message", containsString("192.0.2.0/24"));

        when().get("/gatehouse/tenants/globex").then().statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void putShouldCreateTheFirstPolicyVersionWithTheAuthor() {
        given()
            .header("X-Gatehouse-Author", "alice")
            .body(ACME)
        .when()
            .put("/gatehouse/tenants/acme")
        .then()
            .statusCode(HttpStatus.CREATED_201);

        when()
            .get("/gatehouse/tenants/acme/policy")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("version", equalTo(1))
            .body("author", equalTo("alice"))
            .body("policy", equalTo(Map.of()));
    }

    @Test
    void putShouldNotCreateAPolicyVersionWhenTenantIsUpdated() {
        put("acme", ACME, HttpStatus.CREATED_201);
        put("acme", ACME.replace("Acme Corp", "Acme Renamed"), HttpStatus.OK_200);

        when()
            .get("/gatehouse/tenants/acme/policy/versions")
        .then()
            .body("version", equalTo(List.of(1)))
            .body("[0].author", equalTo("webadmin"));
    }
}
