package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.webadmin.TenantRoutesTest.ACME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.path.json.JsonPath;

class PolicyRoutesTest {
    private static final String POLICY = "/gatehouse/tenants/acme/policy";
    private static final String VERSIONS = POLICY + "/versions";
    private static final String STRICT = "{\"description\":\"strict for finance\"}";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    @BeforeEach
    void createTenant() {
        given().header("X-Gatehouse-Author", "creator").body(ACME).put("/gatehouse/tenants/acme")
            .then().statusCode(HttpStatus.CREATED_201);
    }

    private static void putPolicy(String author, String body) {
        given().header("X-Gatehouse-Author", author).body(body).when().put(POLICY).then().statusCode(HttpStatus.OK_200);
    }

    private static List<Integer> versionNumbers() {
        return when().get(VERSIONS).then().statusCode(HttpStatus.OK_200).extract().jsonPath().getList("version", Integer.class);
    }

    @Test
    void getShouldReturnTheFirstVersionCreatedWithTheTenant() {
        when()
            .get(POLICY)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("tenantId", equalTo("acme"))
            .body("version", equalTo(1))
            .body("author", equalTo("creator"))
            .body("comment", equalTo("created with the tenant"))
            .body("createdAt", notNullValue())
            .body("policy", equalTo(Map.of()));
    }

    @Test
    void getShouldAnswerNotFoundWhenTenantIsUnknown() {
        when()
            .get("/gatehouse/tenants/globex/policy")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("globex"));
    }

    @Test
    void putShouldStoreVersionTwoWithTheAuthorOfTheHeader() {
        given()
            .header("X-Gatehouse-Author", "alice")
            .queryParam("comment", "stricter for the audit")
            .body(STRICT)
        .when()
            .put(POLICY)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("version", equalTo(2))
            .body("author", equalTo("alice"))
            .body("comment", equalTo("stricter for the audit"))
            .body("policy.description", equalTo("strict for finance"));

        when()
            .get(POLICY)
        .then()
            .body("version", equalTo(2))
            .body("author", equalTo("alice"))
            .body("policy", equalTo(Map.of("description", "strict for finance")));
    }

    @Test
    void putShouldReturnTheVersionAsLaterRead() {
        JsonPath put = given().body(STRICT).when().put(POLICY).then().statusCode(HttpStatus.OK_200).extract().jsonPath();

        JsonPath get = when().get(POLICY).then().extract().jsonPath();

        assertThat(get.getMap("")).isEqualTo(put.getMap(""));
        assertThat(Instant.parse(get.getString("createdAt"))).isNotNull();
    }

    @Test
    void putShouldUseTheDefaultAuthorWhenNoneIsGiven() {
        given().body(STRICT).when().put(POLICY).then().statusCode(HttpStatus.OK_200).body("author", equalTo("webadmin"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown section          | bogus       | {\"bogus\":{}}",
        "array                    | $           | []",
        "string                   | $           | \"policy\"",
        "description not a string | description | {\"description\":42}",
        "malformed JSON           | $           | {\"description\":",
        "trailing content         | $           | {} []",
        "duplicate key            | $           | {\"description\":\"a\",\"description\":\"b\"}",
    })
    void putShouldAnswerBadRequestNamingTheFieldAndKeepTheVersionWhenPolicyIsInvalid(String description, String field,
                                                                                       String body) {
        putPolicy("alice", STRICT);

        given()
            .body(body)
        .when()
            .put(POLICY)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field '" + field + "'"));

        assertThat(versionNumbers()).containsExactly(1, 2);
        when().get(POLICY).then().body("version", equalTo(2)).body("policy.description", equalTo("strict for finance"));
    }

    @Test
    void putShouldAnswerBadRequestNamingTheNewWordWhenAnActionSaysReject() {
        given()
            .body("{\"sender\":{\"blockAction\":\"reject\"}}")
        .when()
            .put(POLICY)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field 'sender.blockAction'"))
            .body("message", containsString("use 'block'"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void putShouldAnswerBadRequestWhenCommentIsTooLong() {
        given()
            .queryParam("comment", "c".repeat(PolicyRoutes.MAX_COMMENT_LENGTH + 1))
            .body(STRICT)
        .when()
            .put(POLICY)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("'comment'"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void putShouldAnswerNotFoundWhenTenantIsUnknown() {
        given()
            .body(STRICT)
        .when()
            .put("/gatehouse/tenants/globex/policy")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404);

        when().get("/gatehouse/tenants/globex/policy").then().statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void versionsShouldListEveryVersionOldestFirstWithoutDocuments() {
        putPolicy("alice", STRICT);
        putPolicy("bob", "{}");

        when()
            .get(VERSIONS)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("version", equalTo(List.of(1, 2, 3)))
            .body("author", equalTo(List.of("creator", "alice", "bob")))
            .body("[0].comment", equalTo("created with the tenant"))
            .body("[0].policy", equalTo(null));
    }

    @Test
    void versionsShouldAnswerNotFoundWhenTenantIsUnknown() {
        when()
            .get("/gatehouse/tenants/globex/policy/versions")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void getVersionShouldReturnThatVersionWithItsDocument() {
        putPolicy("alice", STRICT);
        putPolicy("bob", "{}");

        when()
            .get(VERSIONS + "/2")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("version", equalTo(2))
            .body("author", equalTo("alice"))
            .body("policy", equalTo(Map.of("description", "strict for finance")));
    }

    @Test
    void getVersionShouldAnswerNotFoundWhenVersionIsUnknown() {
        when()
            .get(VERSIONS + "/9")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1.5"})
    void getVersionShouldAnswerBadRequestWhenVersionIsNotAPositiveInteger(String version) {
        when()
            .get(VERSIONS + "/" + version)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("'version'"));
    }

    @Test
    void restoreShouldAnswerCreatedWithANewVersionHoldingTheOldPolicy() {
        putPolicy("alice", STRICT);

        given()
            .header("X-Gatehouse-Author", "bob")
        .when()
            .post(VERSIONS + "/1/restore")
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("version", equalTo(3))
            .body("author", equalTo("bob"))
            .body("comment", equalTo("restored from version 1"))
            .body("policy", equalTo(Map.of()));

        JsonPath versionOne = when().get(VERSIONS + "/1").then().extract().jsonPath();
        JsonPath current = when().get(POLICY).then().extract().jsonPath();
        assertThat(current.getInt("version")).isEqualTo(3);
        assertThat(current.getMap("policy")).isEqualTo(versionOne.getMap("policy"));
        assertThat(versionNumbers()).containsExactly(1, 2, 3);
    }

    @Test
    void restoreShouldKeepTheHistory() {
        putPolicy("alice", STRICT);

        when().post(VERSIONS + "/1/restore").then().statusCode(HttpStatus.CREATED_201);

        when().get(VERSIONS + "/2").then().body("policy.description", equalTo("strict for finance"));
    }

    @Test
    void restoreShouldAnswerNotFoundAndStoreNothingWhenVersionIsUnknown() {
        when()
            .post(VERSIONS + "/7/restore")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("7"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void restoreShouldAnswerNotFoundWhenTenantIsUnknown() {
        when()
            .post("/gatehouse/tenants/globex/policy/versions/1/restore")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404);
    }
}
