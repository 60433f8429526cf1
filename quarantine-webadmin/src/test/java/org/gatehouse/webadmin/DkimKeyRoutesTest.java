package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.dkim.JdbcDkimKeys;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.restassured.path.json.JsonPath;

class DkimKeyRoutesTest {
    private static final String KEYS = "/gatehouse/tenants/acme/dkim";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    @BeforeEach
    void createTenants() {
        TenantRoutesTest.put("acme", TenantRoutesTest.ACME, HttpStatus.CREATED_201);
        TenantRoutesTest.put("globex", TenantRoutesTest.GLOBEX, HttpStatus.CREATED_201);
    }

    private static JsonPath generate(String domain, String body) {
        return given().body(body).when().post(KEYS + "/" + domain).then().statusCode(HttpStatus.CREATED_201).extract().jsonPath();
    }

    private static String activate(String domain, String selector) {
        return when().post(KEYS + "/" + domain + "/" + selector + "/activate").then().statusCode(HttpStatus.OK_200)
            .extract().jsonPath().getString("state");
    }

    private static String keysBody() {
        return when().get(KEYS).then().statusCode(HttpStatus.OK_200).extract().asString();
    }

    @Test
    void postShouldGenerateAPendingKeyWithItsDnsNameAndTxtRecord() {
        JsonPath key = generate("acme.example", "{\"selector\": \"Mail2026\"}");

        assertThat(key.getString("selector")).isEqualTo("mail2026");
        assertThat(key.getString("state")).isEqualTo("pending");
        assertThat(key.getString("dnsName")).isEqualTo("mail2026._domainkey.acme.example");
        assertThat(key.getString("txtRecord")).matches("v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{300,}={0,2}");
        List<String> strings = key.getList("txtStrings", String.class);
        assertThat(strings).hasSizeGreaterThan(1).allSatisfy(string -> assertThat(string.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", strings)).isEqualTo(key.getString("txtRecord"));
        assertThat(key.getString("zoneFile")).startsWith("mail2026._domainkey.acme.example. IN TXT ( \"v=DKIM1; k=rsa; p=");
    }

    @Test
    void postShouldGenerateASelectorOfTheMonthAndAnotherForTheNextKey() {
        String first = generate("acme.example", "").getString("selector");
        String second = generate("acme.example", "{}").getString("selector");

        assertThat(first).matches("gh[0-9]{6}");
        assertThat(second).isEqualTo(first + "-2");
    }

    @Test
    void noRouteShouldShowThePrivateKey() throws Exception {
        generate("acme.example", "{\"selector\": \"s1\"}");
        activate("acme.example", "s1");
        byte[] privateKey = new JdbcDkimKeys(webAdmin.database()).signingKey(TenantId.of("acme"), DomainName.of("acme.example"))
            .map(key -> webAdmin.database().inTransaction(connection -> {
                try (var select = connection.prepareStatement("SELECT private_key FROM gh_dkim_key WHERE selector = 's1'");
                     var resultSet = select.executeQuery()) {
                    resultSet.next();
                    return resultSet.getString(1).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
            })).orElseThrow();
        String stored = new String(privateKey, java.nio.charset.StandardCharsets.US_ASCII);

        List<String> answers = List.of(keysBody(), when().get(KEYS + "/acme.example").then().extract().asString(),
            when().get(KEYS + "/acme.example/s1").then().extract().asString());

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer).doesNotContain(stored.substring(0, 64)).doesNotContainIgnoringCase("private");
        });
    }

    @Test
    void activateShouldRetireTheKeyThatSignedUntilNow() {
        generate("acme.example", "{\"selector\": \"old\"}");
        assertThat(activate("acme.example", "old")).isEqualTo("active");
        generate("acme.example", "{\"selector\": \"new\"}");

        assertThat(activate("acme.example", "new")).isEqualTo("active");

        List<Map<String, Object>> keys = JsonPath.from(keysBody()).getList("$");
        assertThat(keys).extracting(key -> key.get("selector") + "=" + key.get("state")).containsExactly("old=retired", "new=active");
        assertThat(keys.get(0)).containsKeys("activatedAt", "retiredAt", "txtRecord");
    }

    @Test
    void deleteShouldRemoveARetiredKeyAndRefuseTheActiveOne() {
        generate("acme.example", "{\"selector\": \"old\"}");
        activate("acme.example", "old");
        generate("acme.example", "{\"selector\": \"new\"}");
        activate("acme.example", "new");

        when().delete(KEYS + "/acme.example/new").then().statusCode(HttpStatus.CONFLICT_409);
        when().delete(KEYS + "/acme.example/old").then().statusCode(HttpStatus.NO_CONTENT_204);
        when().delete(KEYS + "/acme.example/old").then().statusCode(HttpStatus.NOT_FOUND_404);

        assertThat(JsonPath.from(keysBody()).getList("selector", String.class)).containsExactly("new");
    }

    @Test
    void aRetiredKeyShouldNotBeActivatedAgain() {
        generate("acme.example", "{\"selector\": \"old\"}");
        activate("acme.example", "old");
        generate("acme.example", "{\"selector\": \"new\"}");
        activate("acme.example", "new");

        when().post(KEYS + "/acme.example/old/activate").then().statusCode(HttpStatus.CONFLICT_409);

        assertThat(JsonPath.from(keysBody()).getList("state", String.class)).containsExactly("retired", "active");
    }

    @Test
    void postShouldAnswerConflictWhenTheSelectorIsTaken() {
        generate("acme.example", "{\"selector\": \"s1\"}");

        given().body("{\"selector\": \"s1\"}").when().post(KEYS + "/acme.example").then().statusCode(HttpStatus.CONFLICT_409);

        assertThat(JsonPath.from(keysBody()).getList("$")).hasSize(1);
    }

    @Test
    void postShouldAnswerBadRequestWithTheFieldWhenTheSelectorIsMalformedAndChangeNothing() {
        for (String body : List.of("{\"selector\": \"bad_selector\"}", "{\"selector\": \"-x\"}", "{\"selector\": 5}",
            "{\"selector\": \"s1\", \"key\": \"mine\"}")) {
            String message = given().body(body).when().post(KEYS + "/acme.example").then().statusCode(HttpStatus.BAD_REQUEST_400)
                .extract().jsonPath().getString("message");
            assertThat(message).as(body).startsWith("Invalid field '");
        }
        assertThat(given().body("{\"selector\": \"bad_selector\"}").when().post(KEYS + "/acme.example").then().extract().jsonPath()
            .getString("message")).contains("'selector'").contains("bad_selector");

        assertThat(JsonPath.from(keysBody()).getList("$")).isEmpty();
    }

    @Test
    void routesShouldAnswerNotFoundWhenTheDomainIsNotTheTenants() {
        String message = given().body("{}").when().post(KEYS + "/globex.example").then().statusCode(HttpStatus.NOT_FOUND_404)
            .extract().jsonPath().getString("message");
        when().get(KEYS + "/unknown.example").then().statusCode(HttpStatus.NOT_FOUND_404);
        given().body("{}").when().post(KEYS + "/not_a_domain").then().statusCode(HttpStatus.BAD_REQUEST_400);

        assertThat(message).isEqualTo("'globex.example' is not a domain of tenant 'acme'");
        assertThat(JsonPath.from(keysBody()).getList("$")).isEmpty();
        when().get("/gatehouse/tenants/globex/dkim").then().statusCode(HttpStatus.OK_200);
    }

    @Test
    void routesShouldAnswerNotFoundWhenTheTenantOrKeyIsMissing() {
        when().get("/gatehouse/tenants/nobody/dkim").then().statusCode(HttpStatus.NOT_FOUND_404);
        when().get(KEYS + "/acme.example/missing").then().statusCode(HttpStatus.NOT_FOUND_404);
        when().post(KEYS + "/acme.example/missing/activate").then().statusCode(HttpStatus.NOT_FOUND_404);
    }
}
