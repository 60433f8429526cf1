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
import org.gatehouse.policy.GlobalPolicyVersion;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.net.InetAddresses;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

class GlobalSenderListRoutesTest {
    private static final String ALLOW = "/gatehouse/senders/allow";
    private static final String BLOCK = "/gatehouse/senders/block";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    private static void add(String list, String entry) {
        given().body(entry).when().post(list).then().statusCode(HttpStatus.CREATED_201);
    }

    private GlobalPolicyVersion current() {
        return webAdmin.globalPolicies().current();
    }

    private List<Integer> versionNumbers() {
        return webAdmin.globalPolicies().versions().stream().map(GlobalPolicyVersion::version).toList();
    }

    private static RequestSpecification csv(String body) {
        return given().contentType("text/csv").body(body);
    }

    @Test
    void getShouldListNothingWhenNoGlobalVersionWasStored() {
        when().get(ALLOW).then().statusCode(HttpStatus.OK_200).body("", equalTo(List.of()));
        when().get(BLOCK).then().statusCode(HttpStatus.OK_200).body("", equalTo(List.of()));
    }

    @Test
    void postShouldAnswerCreatedAndStoreANewGlobalVersion() {
        given()
            .header("X-Gatehouse-Author", "alice")
            .body("{\"type\":\"subdomains\",\"value\":\"spam.example\",\"comment\":\"known spammer\"}")
        .when()
            .post(BLOCK)
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("type", equalTo("subdomains"))
            .body("value", equalTo("spam.example"))
            .body("comment", equalTo("known spammer"));

        GlobalPolicyVersion current = current();
        assertThat(current.version()).isEqualTo(1);
        assertThat(current.author()).isEqualTo("alice");
        assertThat(current.comment()).contains("sender.block: added subdomains spam.example");
        assertThat(current.document().asJsonString())
            .isEqualTo("{\"sender\":{\"block\":[{\"type\":\"subdomains\",\"value\":\"spam.example\",\"comment\":\"known spammer\"}]}}");
    }

    @Test
    void postShouldApplyToTheNextMessageAndLeaveTenantPoliciesUnchanged() {
        given().body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);

        add(BLOCK, "{\"type\":\"domain\",\"value\":\"spam.example\"}");

        InetAddress client = InetAddresses.forString("192.0.2.1");
        assertThat(webAdmin.globalPolicies().global().blockMatch(client, "x@spam.example", Optional.empty())).isPresent();
        assertThat(webAdmin.tenantService().policyVersions(TenantId.of("acme"))).extracting(PolicyVersion::version).containsExactly(1);
        when().get("/gatehouse/tenants/acme/senders/block").then().body("", equalTo(List.of()));
    }

    @Test
    void postShouldAnswerConflictWhenTheEntryIsAlreadyListedOrInTheOtherList() {
        add(ALLOW, "{\"type\":\"address\",\"value\":\"john@partner.example\"}");

        given().body("{\"type\":\"address\",\"value\":\"John@PARTNER.example\"}").post(ALLOW)
            .then().statusCode(HttpStatus.CONFLICT_409).body("message", containsString("already in sender.allow"));
        given().body("{\"type\":\"address\",\"value\":\"john@partner.example\"}").post(BLOCK)
            .then().statusCode(HttpStatus.CONFLICT_409).body("message", containsString("sender.allow"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void postShouldAnswerBadRequestNamingTheFieldAndStoreNothing() {
        given()
            .body("{\"type\":\"domain\",\"value\":\"not a domain\"}")
        .when()
            .post(BLOCK)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field 'value'"));

        assertThat(versionNumbers()).isEmpty();
    }

    @Test
    void deleteShouldRemoveTheEntryAsANewVersion() {
        add(BLOCK, "{\"type\":\"ip\",\"value\":\"2001:db8:bad::/48\"}");
        add(BLOCK, "{\"type\":\"domain\",\"value\":\"spam.example\"}");

        given()
            .header("X-Gatehouse-Author", "bob")
            .queryParam("type", "ip")
            .queryParam("value", "2001:DB8:BAD:0::/48")
        .when()
            .delete(BLOCK)
        .then()
            .statusCode(HttpStatus.NO_CONTENT_204);

        when().get(BLOCK).then().body("value", equalTo(List.of("spam.example")));
        assertThat(current().version()).isEqualTo(3);
        assertThat(current().author()).isEqualTo("bob");
        assertThat(current().comment()).contains("sender.block: removed ip 2001:db8:bad::/48");
    }

    @Test
    void deleteShouldAnswerNotFoundWhenTheEntryIsAbsent() {
        add(BLOCK, "{\"type\":\"domain\",\"value\":\"a.example\"}");

        given()
            .queryParam("type", "domain")
            .queryParam("value", "a.example")
        .when()
            .delete(ALLOW)
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("domain a.example is not in sender.allow of the global lists"));

        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void deleteShouldAnswerBadRequestWhenTheTypeIsMissing() {
        given().queryParam("value", "a.example").delete(BLOCK)
            .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("Invalid field 'type'"));
    }

    @Test
    void importShouldAddAllEntriesAsOneVersion() {
        given()
            .header("X-Gatehouse-Author", "carol")
            .contentType("text/csv")
            .body("type,value,comment\nip,198.51.100.0/24,relays\naddress,Billing@Supplier.example\nip,198.51.100.0/24\n")
        .when()
            .post(ALLOW + "/import")
        .then()
            .statusCode(HttpStatus.CREATED_201)
            .body("added", equalTo(2))
            .body("skipped", equalTo(1))
            .body("version", equalTo(1));

        when().get(ALLOW).then().body("", equalTo(List.of(
            Map.of("type", "ip", "value", "198.51.100.0/24", "comment", "relays"),
            Map.of("type", "address", "value", "Billing@Supplier.example"))));
        assertThat(current().author()).isEqualTo("carol");
        assertThat(current().comment()).contains("sender.allow: imported 2 entries, skipped 1 already listed");
    }

    @Test
    void importShouldReportEveryBadLineAndChangeNothing() {
        add(ALLOW, "{\"type\":\"ip\",\"value\":\"203.0.113.0/24\"}");

        List<Map<String, Object>> errors = csv("domain,good.example\nhost,x.example\nip,203.0.113.0/24\n")
        .when()
            .post(BLOCK + "/import")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .contentType(ContentType.JSON)
            .extract().jsonPath().getList("");

        assertThat(errors).extracting(error -> error.get("line")).containsExactly(2, 3);
        assertThat(errors.get(1).get("error")).asString().contains("sender.allow");
        when().get(BLOCK).then().body("", equalTo(List.of()));
        assertThat(versionNumbers()).containsExactly(1);
    }

    @Test
    void importShouldAnswerUnsupportedMediaTypeWhenTheBodyIsNotCsv() {
        given().contentType(ContentType.JSON).body("[]").post(BLOCK + "/import")
            .then().statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);

        assertThat(versionNumbers()).isEmpty();
    }
}
