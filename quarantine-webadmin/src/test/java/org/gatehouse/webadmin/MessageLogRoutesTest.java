package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

class MessageLogRoutesTest {
    private static final String MESSAGES = "/gatehouse/messages";
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    private static MessageRecord received(String id, Instant receivedAt, String tenant, String sender, String... recipients) {
        return MessageRecord.received(id, receivedAt, Direction.INBOUND, Optional.ofNullable(tenant).map(TenantId::of), sender,
            List.of(recipients), Optional.of("192.0.2.1"), Optional.of("mail.sender.example"), 2048,
            Optional.of("<" + id + "@sender.example>"));
    }

    @BeforeEach
    void recordMessages() {
        MessageLog log = webAdmin.messageLog();
        log.record(received("m1", T0, "acme", "alice@sender.example", "bob@acme.example"));
        log.record(received("m2", T0.plusSeconds(60), "acme", "Carol@Sender.example", "bob@acme.example", "dan@acme.example"));
        log.record(received("m3", T0.plusSeconds(120), "globex", "alice@sender.example", "eve@globex.example"));
        log.record(received("m4", T0.plusSeconds(180), null, "mallory@sender.example", "root@unknown.example"));
        log.updateRecipients("m1", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.of("250 OK"));
        log.updateRecipients("m2", List.of("bob@acme.example"), Disposition.DELIVERED, Optional.empty());
        log.updateRecipients("m2", List.of("dan@acme.example"), Disposition.BOUNCED, Optional.of("550 unknown user"));
        log.addReasons("m2", List.of("bounced: 550 unknown user"));
    }

    @Test
    void searchShouldReturnEveryMessageNewestFirst() {
        when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("m4", "m3", "m2", "m1")));
    }

    @Test
    void searchShouldDescribeEachMessage() {
        given()
            .queryParam("sender", "carol@sender.example")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("[0].id", equalTo("m2"))
            .body("[0].receivedAt", equalTo("2024-03-01T10:01:00Z"))
            .body("[0].direction", equalTo("inbound"))
            .body("[0].tenant", equalTo("acme"))
            .body("[0].sender", equalTo("Carol@Sender.example"))
            .body("[0].recipients", equalTo(List.of("bob@acme.example", "dan@acme.example")))
            .body("[0].clientIp", equalTo("192.0.2.1"))
            .body("[0].helo", equalTo("mail.sender.example"))
            .body("[0].size", equalTo(2048))
            .body("[0].messageId", equalTo("<m2@sender.example>"))
            .body("[0].disposition", equalTo("partially_delivered"))
            .body("[0].reasons", equalTo(List.of("bounced: 550 unknown user")))
            .body("[0].recipientStates.'dan@acme.example'.disposition", equalTo("bounced"))
            .body("[0].recipientStates.'dan@acme.example'.detail", equalTo("550 unknown user"))
            .body("[0].recipientStates.'bob@acme.example'.disposition", equalTo("delivered"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "sender      | ALICE@sender.example | m3,m1",
        "recipient   | bob@acme.example     | m2,m1",
        "recipient   | Eve@Globex.example   | m3",
        "tenant      | acme                 | m2,m1",
        "tenant      | initech              | ''",
        "disposition | delivered            | m1",
        "disposition | PARTIALLY_DELIVERED  | m2",
        "disposition | queued               | m4,m3",
        "from        | 2024-03-01T10:01:00Z | m4,m3,m2",
        "to          | 2024-03-01T10:01:00Z | m1",
        "limit       | 2                    | m4,m3",
        "offset      | 3                    | m1",
    })
    void searchShouldApplyTheCriterion(String parameter, String value, String expectedIds) {
        List<String> expected = expectedIds.isEmpty() ? List.of() : List.of(expectedIds.split(","));

        given()
            .queryParam(parameter, value)
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(expected));
    }

    @Test
    void searchShouldCombineCriteria() {
        given()
            .queryParam("sender", "alice@sender.example")
            .queryParam("tenant", "acme")
            .queryParam("from", "2024-03-01T09:00:00Z")
            .queryParam("to", "2024-03-01T11:00:00Z")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("m1")));
    }

    @Test
    void searchShouldPageWithOffsetAndLimit() {
        given()
            .queryParam("offset", "1")
            .queryParam("limit", "2")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("m3", "m2")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "from        | yesterday",
        "from        | 2024-03-01",
        "to          | 2024-03-01T25:00:00Z",
        "disposition | lost",
        "limit       | 0",
        "limit       | 1001",
        "limit       | ten",
        "offset      | -1",
        "tenant      | ACME",
        "stage       | delivery",
        "rule        | sender_blocklisted",
    })
    void searchShouldAnswerBadRequestNamingTheParameterWhenItIsInvalid(String parameter, String value) {
        given()
            .queryParam(parameter, value)
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid field '" + parameter + "'"));
    }

    @Test
    void searchShouldAnswerBadRequestWhenFromIsNotBeforeTo() {
        given()
            .queryParam("from", "2024-03-01T11:00:00Z")
            .queryParam("to", "2024-03-01T11:00:00Z")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("Invalid field 'from'"));
    }

    @Test
    void getShouldReturnTheMessage() {
        when()
            .get(MESSAGES + "/m1")
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo("m1"))
            .body("disposition", equalTo("delivered"))
            .body("recipientStates", equalTo(Map.of("bob@acme.example", Map.of("disposition", "delivered", "detail", "250 OK"))));
    }

    @Test
    void getShouldAnswerNotFoundWhenMessageIsUnknown() {
        when()
            .get(MESSAGES + "/unknown")
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("unknown"));
    }

    private void recordRefusal() {
        webAdmin.messageLog().mergeRefusal(new MessageRecord("r1", T0.plusSeconds(240), T0.plusSeconds(240), Direction.INBOUND,
            Optional.of(TenantId.of("acme")), "mallory@sender.example", Optional.of("192.0.2.7"), Optional.of("mx.sender.example"), 0,
            Optional.empty(), Disposition.REJECTED, ImmutableList.of("SENDER_BLOCKLISTED (block list: domain sender.example)"),
            ImmutableMap.of("bob@acme.example", new MessageRecord.RecipientState(Disposition.REJECTED, Optional.of("550 5.7.1 refused"))),
            Optional.of("none"), Stage.RCPT, ImmutableList.of("SENDER_BLOCKLISTED"),
            Optional.of(new MessageRecord.Refusal("550 5.7.1 refused", ImmutableList.of(TenantId.of("acme")), 1, false))));
    }

    @Test
    void searchShouldFilterRefusalsByDispositionStageAndRule() {
        recordRefusal();

        given()
            .queryParam("disposition", "rejected")
            .queryParam("stage", "rcpt")
            .queryParam("rule", "SENDER_BLOCKLISTED")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("r1")))
            .body("[0].stage", equalTo("rcpt"))
            .body("[0].ruleIds", equalTo(List.of("SENDER_BLOCKLISTED")))
            .body("[0].replyCode", equalTo("550"))
            .body("[0].reply", equalTo("550 5.7.1 refused"))
            .body("[0].tenants", equalTo(List.of("acme")))
            .body("[0].refusals", equalTo(1))
            .body("[0].aggregated", equalTo(false))
            .body("[0].recipientStates.'bob@acme.example'.disposition", equalTo("rejected"));
    }

    @Test
    void searchShouldGiveAcceptedMailTheQueueStage() {
        recordRefusal();

        given()
            .queryParam("stage", "queue")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("id", equalTo(List.of("m4", "m3", "m2", "m1")))
            .body("[0].stage", equalTo("queue"))
            .body("[0].ruleIds", equalTo(List.of()));
    }

    @Test
    void searchShouldNameTheKnownStagesWhenTheStageIsUnknown() {
        given()
            .queryParam("stage", "delivery")
        .when()
            .get(MESSAGES)
        .then()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .body("message", containsString("must be one of connect, helo, mail, rcpt, data, queue"));
    }
}
