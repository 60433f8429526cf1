package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.webadmin.TenantRoutesTest.ACME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.net.InetAddresses;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

class SenderListRoutesTest {
    private static final String ALLOW = "/gatehouse/tenants/acme/senders/allow";
    private static final String BLOCK = "/gatehouse/tenants/acme/senders/block";
    private static final TenantId ACME_ID = TenantId.of("acme");

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    @BeforeEach
    void createTenant() {
        given().body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);
    }

    private static void add(String list, String entry) {
        given().body(entry).when().post(list).then().statusCode(HttpStatus.CREATED_201);
    }

    private PolicyVersion currentPolicy() {
        return webAdmin.tenantService().currentPolicy(ACME_ID).orElseThrow();
    }

    private List<Integer> versionNumbers() {
        return webAdmin.tenantService().policyVersions(ACME_ID).stream().map(PolicyVersion::version).toList();
    }

    private static RequestSpecification csv(String body) {
        return given().contentType("text/csv").body(body);
    }

    @Test
    void getShouldListNothingWhenThePolicyHasNoSenderSection() {
        when()
            .get(ALLOW)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("", equalTo(List.of()));
    }

    @Test
    void getShouldAnswerNotFoundWhenTenantIsUnknown() {
        when()
            .get("/gatehouse/tenants/globex/senders/block")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("globex"));
    }

    @Test
    void postShouldAnswerCreatedAndStoreANewPolicyVersion() {
        given()
            .header("X-Gatehouse-Author", "alice")
            .body("{\"type\":\"ip\",\"value\":\"198.51.100.0/24\",\"comment\":\"partner relays\"}")
        .when()
            .post(ALLOW)
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("type", equalTo("ip"))
            .body("value", equalTo("198.51.100.0/24"))
            .body("comment", equalTo("partner relays"));

        PolicyVersion current = currentPolicy();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.author()).isEqualTo("alice");
        assertThat(current.comment()).contains("sender.allow: added ip 198.51.100.0/24");
        assertThat(current.document().asJsonString())
            .isEqualTo("{\"sender\":{\"allow\":[{\"type\":\"ip\",\"value\":\"198.51.100.0/24\",\"comment\":\"partner relays\"}]}}");
    }

    @Test
    void postShouldApplyToTheNextMessage() {
        add(BLOCK, "{\"type\":\"subdomains\",\"value\":\"spam.example\"}");

        SenderPolicy policy = SenderPolicy.of(currentPolicy().document());
        InetAddress client = InetAddresses.forString("192.0.2.1");
        assertThat(policy.lists().blockMatch(client, "x@mx.spam.example", Optional.empty())).isPresent();
        assertThat(policy.lists().allowMatch(client, "x@mx.spam.example", Optional.empty())).isEmpty();
    }

    @Test
    void postShouldKeepTheRestOfThePolicy() {
        given().body("{\"description\":\"strict\",\"sender\":{\"blockAction\":\"quarantine\","
                + "\"block\":[{\"type\":\"domain\",\"value\":\"a.example\"}]}}")
            .put("/gatehouse/tenants/acme/policy").then().statusCode(HttpStatus.OK_200);

        add(BLOCK, "{\"type\":\"domain\",\"value\":\"b.example\"}");

        when()
            .get(BLOCK)
        .then()
            .body("value", equalTo(List.of("a.example", "b.example")));
        assertThat(currentPolicy().document().asJsonString())
            .contains("\"description\":\"strict\"")
            .contains("\"blockAction\":\"quarantine\"");
    }

    @Test
    void getShouldListTheEntriesInOrderAsWritten() {
        add(ALLOW, "{\"type\":\"address\",\"value\":\"Billing@Supplier.example\"}");
        add(ALLOW, "{\"type\":\"subdomains\",\"value\":\"bank.example\",\"comment\":\"our bank\"}");

        when()
            .get(ALLOW)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("", equalTo(List.of(
                Map.of("type", "address", "value", "Billing@Supplier.example"),
                Map.of("type", "subdomains", "value", "bank.example", "comment", "our bank"))));
        when().get(BLOCK).then().body("", equalTo(List.of()));
    }

    @Test
    void postShouldAnswerConflictWhenTheEntryIsAlreadyListedInAnyCase() {
        add(ALLOW, "{\"type\":\"address\",\"value\":\"john@acme.example\"}");

        given()
            .body("{\"type\":\"address\",\"value\":\"John@ACME.example\"}")
        .when()
            .post(ALLOW)
        .then()
            .statusCode(HttpStatus.CONFLICT_409)
            .body("message", containsString("already in sender.allow"));

        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @Test
    void postShouldAnswerConflictWhenTheEntryIsInTheOtherList() {
        add(BLOCK, "{\"type\":\"ip\",\"value\":\"192.0.2.7\"}");

        given()
            .body("{\"type\":\"ip\",\"value\":\"192.0.2.7/32\"}")
        .when()
            .post(ALLOW)
        .then()
            .statusCode(HttpStatus.CONFLICT_409)
            .body("message", containsString("sender.block"));

        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "bad domain    | value   | {\"type\":\"domain\",\"value\":\"not a domain\"}",
        "bad CIDR      | value   | {\"type\":\"ip\",\"value\":\"192.0.2.0/40\"}",
        "unknown type  | type    | {\"type\":\"host\",\"value\":\"a.example\"}",
        "no value      | value   | {\"type\":\"domain\"}",
        "unknown field | note    | {\"type\":\"domain\",\"value\":\"a.example\",\"note\":\"x\"}",
        "not an object | $       | []",
        "empty body    | $       | ''",
        "malformed     | $       | {\"type\":",
    })
    void postShouldAnswerBadRequestNamingTheFieldAndStoreNothing(String description, String field, String body) {
        given()
            .body(body.equals("''") ? "" : body)
        .when()
            .post(BLOCK)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field '" + field + "'"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void postShouldAnswerBadRequestWithThePolicyPathWhenTheListIsFull() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            csv.append("ip,10.").append(i >> 8).append('.').append(i & 0xff).append(".1\n");
        }
        csv(csv.toString()).post(BLOCK + "/import").then().statusCode(HttpStatus.CREATED_201).body("added", equalTo(10_000));

        given()
            .body("{\"type\":\"domain\",\"value\":\"one-too-many.example\"}")
        .when()
            .post(BLOCK)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'sender.block'"));

        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @Test
    void postShouldAnswerNotFoundWhenTenantIsUnknown() {
        given()
            .body("{\"type\":\"domain\",\"value\":\"a.example\"}")
        .when()
            .post("/gatehouse/tenants/globex/senders/allow")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void deleteShouldRemoveTheEntryWhateverItsWriting() {
        add(BLOCK, "{\"type\":\"ip\",\"value\":\"2001:db8:bad::/48\"}");
        add(BLOCK, "{\"type\":\"address\",\"value\":\"CEO@acme-payments.example\"}");

        given()
            .header("X-Gatehouse-Author", "bob")
            .queryParam("type", "ip")
            .queryParam("value", "2001:DB8:BAD:0::/48")
        .when()
            .delete(BLOCK)
        .then()
            .statusCode(HttpStatus.NO_CONTENT_204);

        when().get(BLOCK).then().body("value", equalTo(List.of("CEO@acme-payments.example")));
        PolicyVersion current = currentPolicy();
        assertThat(current.version()).isEqualTo(4);
        assertThat(current.author()).isEqualTo("bob");
        assertThat(current.comment()).contains("sender.block: removed ip 2001:db8:bad::/48");
    }

    @Test
    void deleteShouldAnswerNotFoundWhenTheEntryIsAbsent() {
        add(BLOCK, "{\"type\":\"domain\",\"value\":\"a.example\"}");

        given()
            .queryParam("type", "subdomains")
            .queryParam("value", "a.example")
        .when()
            .delete(BLOCK)
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("subdomains a.example"));

        given().queryParam("type", "domain").queryParam("value", "a.example").delete(ALLOW)
            .then().statusCode(HttpStatus.NOT_FOUND_404);
        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no type       | type  | ,       | a.example",
        "unknown type  | type  | host    | a.example",
        "no value      | value | domain  | ,",
        "invalid value | value | ip      | 10.0.0.0/99",
    })
    void deleteShouldAnswerBadRequestWhenParametersAreInvalid(String description, String field, String type, String value) {
        RequestSpecification request = given();
        if (!type.equals(",")) {
            request.queryParam("type", type);
        }
        if (!value.equals(",")) {
            request.queryParam("value", value);
        }

        request
        .when()
            .delete(BLOCK)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field '" + field + "'"));
    }

    @Test
    void importShouldAddAllEntriesAsOneVersion() {
        String body = "type,value,comment\n"
            + "# partners\n"
            + "ip,198.51.100.0/24,relays\n"
            + "\n"
            + "address,Billing@Supplier.example\n"
            + "subdomains, bank.example , \"ours, since 2020\"\n"
            + "domain,\"quoted.example\",\"say \"\"hi\"\"\"\r\n";

        given()
            .header("X-Gatehouse-Author", "carol")
            .contentType("text/csv; charset=UTF-8")
            .body(body)
        .when()
            .post(ALLOW + "/import")
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("added", equalTo(4))
            .body("skipped", equalTo(0))
            .body("version", equalTo(2));

        when()
            .get(ALLOW)
        .then()
            .body("", equalTo(List.of(
                Map.of("type", "ip", "value", "198.51.100.0/24", "comment", "relays"),
                Map.of("type", "address", "value", "Billing@Supplier.example"),
                Map.of("type", "subdomains", "value", "bank.example", "comment", "ours, since 2020"),
                Map.of("type", "domain", "value", "quoted.example", "comment", "say \"hi\""))));
        assertThat(versionNumbers()).containsExactly(1, 2);
        assertThat(currentPolicy().author()).isEqualTo("carol");
        assertThat(currentPolicy().comment()).contains("sender.allow: imported 4 entries, skipped 0 already listed");
    }

    @Test
    void importShouldSkipEntriesAlreadyListedOrRepeated() {
        add(BLOCK, "{\"type\":\"domain\",\"value\":\"a.example\",\"comment\":\"kept\"}");

        csv("domain,A.example,other comment\ndomain,b.example\ndomain,B.EXAMPLE\nip,192.0.2.1\n")
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("added", equalTo(2))
            .body("skipped", equalTo(2))
            .body("version", equalTo(3));

        when().get(BLOCK).then()
            .body("value", equalTo(List.of("a.example", "b.example", "192.0.2.1")))
            .body("[0].comment", equalTo("kept"));
    }

    @Test
    void importShouldStoreNoVersionWhenEverythingIsAlreadyListed() {
        add(BLOCK, "{\"type\":\"domain\",\"value\":\"a.example\"}");

        csv("domain,a.example\n")
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("added", equalTo(0))
            .body("skipped", equalTo(1))
            .body("version", equalTo(2));

        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @Test
    void importShouldReportEveryBadLineAndChangeNothing() {
        add(ALLOW, "{\"type\":\"ip\",\"value\":\"203.0.113.0/24\"}");
        String body = "# type,value,comment\n"
            + "domain,good.example\n"
            + "domain,bad_domain.example\n"
            + "host,x.example\n"
            + "justonefield\n"
            + "ip,203.0.113.0/24\n"
            + "address,john@\n";

        List<Map<String, Object>> errors = csv(body)
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .contentType(ContentType.JSON)
            .extract().jsonPath().getList("");

        assertThat(errors).extracting(error -> error.get("line")).containsExactly(3, 4, 5, 6, 7);
        assertThat(errors.get(0).get("error")).asString().contains("value").contains("bad_domain.example");
        assertThat(errors.get(1).get("error")).asString().contains("type").contains("host");
        assertThat(errors.get(2).get("error")).asString().contains("type,value[,comment]");
        assertThat(errors.get(3).get("error")).asString().contains("sender.allow");
        when().get(BLOCK).then().body("", equalTo(List.of()));
        assertThat(versionNumbers()).containsExactly(1, 2);
    }

    @Test
    void importShouldRefuseToGrowTheListBeyondItsLimit() {
        StringBuilder csv = new StringBuilder("type,value\n");
        for (int i = 0; i <= 10_000; i++) {
            csv.append("ip,10.").append(i >> 8).append('.').append(i & 0xff).append(".1\n");
        }

        List<Map<String, Object>> errors = csv(csv.toString())
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .extract().jsonPath().getList("");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("line")).isEqualTo(10_002);
        assertThat(errors.get(0).get("error")).asString().contains("more than 10000 entries");
        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void importShouldAnswerUnsupportedMediaTypeWhenBodyIsNotCsv() {
        given()
            .contentType(ContentType.JSON)
            .body("[{\"type\":\"domain\",\"value\":\"a.example\"}]")
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void importShouldAnswerBadRequestWhenThereIsNoEntry() {
        csv("type,value\n# nothing yet\n")
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("no entries"));
    }

    @Test
    void importShouldAnswerNotFoundWhenTenantIsUnknown() {
        csv("domain,a.example\n")
        .when()
            .post("/gatehouse/tenants/globex/senders/block/import")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404);
    }

    @Test
    void policyPutShouldRefuseAnInvalidSenderSectionWithItsPath() {
        given()
            .body("{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"a.example\"},{\"type\":\"ip\",\"value\":\"nope\"}]}}")
        .when()
            .put("/gatehouse/tenants/acme/policy")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'sender.block[1].value'"));
    }

    @Test
    void entriesAddedThroughTheRoutesShouldReadBackAsTheSameEntries() {
        add(ALLOW, "{\"type\":\"address\",\"value\":\"John@Acme.Example\",\"comment\":\"CFO\"}");

        SenderEntry entry = SenderPolicy.of(currentPolicy().document()).lists().allow().entries().get(0);
        assertThat(entry).isEqualTo(SenderEntry.of(SenderEntry.Type.ADDRESS, "John@Acme.Example", Optional.of("CFO"), ""));
    }
}
