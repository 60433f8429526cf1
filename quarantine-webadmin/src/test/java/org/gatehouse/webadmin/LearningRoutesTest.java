package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.webadmin.TenantRoutesTest.ACME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.scoring.learning.TrainingTotals;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.specification.RequestSpecification;

class LearningRoutesTest {
    private static final String LEARN = "/gatehouse/tenants/acme/scoring/learn";
    private static final String LEARNING = "/gatehouse/tenants/acme/scoring/learning";
    private static final String RFC822 = "message/rfc822";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    static byte[] message(int id, String text) {
        return ("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + id + "@sender.example>\r\n"
            + "From: sender@sender.example\r\nTo: bob@acme.example\r\nSubject: note " + id + "\r\n\r\n" + text + "\r\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    static RequestSpecification learnAs(String label, byte[] message) {
        return given().contentType(RFC822).queryParam("as", label).body(message);
    }

    @BeforeEach
    void createTenant() {
        given().body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);
    }

    @Test
    void learnShouldAnswerLearntWhenTheMessageIsNew() {
        learnAs("spam", message(1, "cheap pills"))
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("tenantId", equalTo("acme"))
            .body("label", equalTo("spam"))
            .body("learnt", equalTo(true))
            .body("alreadyKnown", equalTo(false))
            .body("relabelled", equalTo(false));

        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(new TrainingTotals(1, 0));
    }

    @Test
    void learnShouldAnswerAlreadyKnownAndCountOnceWhenTheMessageIsLearntTwice() {
        learnAs("ham", message(1, "minutes")).post(LEARN).then().statusCode(HttpStatus.OK_200);

        learnAs("HAM", message(1, "minutes"))
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("alreadyKnown", equalTo(true))
            .body("relabelled", equalTo(false));

        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void learnShouldAnswerRelabelledWhenTheMessageIsLearntWithTheOtherLabel() {
        learnAs("spam", message(1, "minutes")).post(LEARN).then().statusCode(HttpStatus.OK_200);

        learnAs("ham", message(1, "minutes"))
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("label", equalTo("ham"))
            .body("alreadyKnown", equalTo(false))
            .body("relabelled", equalTo(true));

        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(new TrainingTotals(0, 1));
    }

    @Test
    void learnShouldAcceptTheMessageAsPlainTextWithACharset() {
        given()
            .contentType("text/plain; charset=ISO-8859-1")
            .queryParam("as", "ham")
            .body(message(1, "Gr\u00fc\u00dfe")) // u umlaut, sharp s
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("learnt", equalTo(true));
    }

    @ParameterizedTest(name = "as={0}")
    @ValueSource(strings = {"junk", "", "spam,ham"})
    void learnShouldAnswerBadRequestAndLearnNothingWhenAsIsNotSpamOrHam(String label) {
        learnAs(label, message(1, "text"))
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field 'as'"));

        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void learnShouldAnswerBadRequestWhenAsIsMissing() {
        given().contentType(RFC822).body(message(1, "text"))
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'as'"));
    }

    @Test
    void learnShouldAnswerBadRequestWhenTheBodyIsEmpty() {
        learnAs("spam", new byte[0])
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'body'"));
    }

    @Test
    void learnShouldAnswerUnsupportedMediaTypeWhenTheBodyIsNotAMessage() {
        given()
            .contentType("application/json")
            .queryParam("as", "spam")
            .body("{\"message\":\"text\"}")
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
            .body("message", containsString("message/rfc822"));

        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void learnShouldAnswerPayloadTooLargeWhenTheMessageExceedsTheLimit() {
        byte[] huge = new byte[LearningRoutes.MAX_MESSAGE_BYTES + 1];
        Arrays.fill(huge, (byte) 'a');

        learnAs("spam", huge)
        .when()
            .post(LEARN)
        .then()
            .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413);
    }

    @Test
    void learnShouldAnswerNotFoundWhenTheTenantIsUnknown() {
        learnAs("spam", message(1, "text"))
        .when()
            .post("/gatehouse/tenants/initech/scoring/learn")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("initech"));
    }

    @Test
    void learnShouldAnswerBadRequestWhenTheTenantIdIsInvalid() {
        learnAs("spam", message(1, "text"))
        .when()
            .post("/gatehouse/tenants/ACME/scoring/learn")
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'tenantId'"));
    }

    @Test
    void learningShouldReportNothingLearntAndInactiveForANewTenant() {
        when()
            .get(LEARNING)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("tenantId", equalTo("acme"))
            .body("spam", equalTo(0))
            .body("ham", equalTo(0))
            .body("tokens", equalTo(0))
            .body("active", equalTo(false))
            .body("enabled", equalTo(true))
            .body("minSpam", equalTo(GatehouseWebAdminExtension.LEARNING_MINIMUM))
            .body("minHam", equalTo(GatehouseWebAdminExtension.LEARNING_MINIMUM));
    }

    @Test
    void learningShouldReportCountsAndActiveOnceEnoughWasLearnt() {
        learnAs("spam", message(1, "cheap pills online")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        learnAs("spam", message(2, "cheap watches online")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        learnAs("ham", message(3, "meeting minutes")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        when().get(LEARNING).then().body("active", equalTo(false));

        learnAs("ham", message(4, "project agenda")).post(LEARN).then().statusCode(HttpStatus.OK_200);

        when()
            .get(LEARNING)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("spam", equalTo(2))
            .body("ham", equalTo(2))
            .body("tokens", greaterThan(10))
            .body("active", equalTo(true));
    }

    @Test
    void learningShouldAnswerNotFoundWhenTheTenantIsUnknown() {
        when()
            .get("/gatehouse/tenants/initech/scoring/learning")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("initech"));
    }
}
