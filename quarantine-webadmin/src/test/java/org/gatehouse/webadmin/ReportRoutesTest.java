package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.JdbcMessageLog;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.reports.JdbcRollups;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReportRoutesTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:15:00Z");
    private static final String RANGE = "from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    @BeforeEach
    void setUp() {
        webAdmin.tenantService().save(Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")),
            Downstream.of("127.0.0.1", 2525, false), List.of()), "test");
        MutableClock clock = new MutableClock(T0);
        JdbcMessageLog log = new JdbcMessageLog(webAdmin.database(), clock);
        for (String sender : List.of("alice@a.example", "alice@a.example", "=1+1@evil.example, \"quoted\"")) {
            String id = "m" + sender.hashCode() + "-" + Math.random();
            log.record(MessageRecord.received(id, T0, Direction.INBOUND, Optional.of(TenantId.of("acme")), sender,
                List.of("bob@acme.example"), Optional.of("192.0.2.1"), Optional.empty(), 100, Optional.empty()));
            clock.setInstant(T0.plusSeconds(2));
            log.updateRecipients(id, List.of("bob@acme.example"), Disposition.DELIVERED, Optional.of("250 ok"));
        }
        new JdbcRollups(webAdmin.database(), clock, Duration.ZERO).catchUp(Instant.EPOCH);
    }

    @Test
    void summaryShouldAnswerTheCountsOfEachOutcome() {
        given().queryParam("tenant", "acme").queryParam("granularity", "day")
            .get("/gatehouse/reports/summary?" + RANGE)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("total", equalTo(3))
            .body("totals.delivered_clean", equalTo(3))
            .body("series.size()", equalTo(1))
            .body("series[0].start", equalTo("2026-11-02T00:00:00Z"))
            .body("rates.delivered_clean", equalTo(1.0f));
    }

    @Test
    void summaryShouldAnswerCsvWhenTheClientAcceptsIt() throws Exception {
        String csv = given().header("Accept", "text/csv").queryParam("tenant", "acme")
            .get("/gatehouse/reports/summary?" + RANGE + "&granularity=hour")
        .then()
            .statusCode(HttpStatus.OK_200)
            .contentType(containsString("text/csv"))
            .extract().asString();

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        assertThat(records).hasSize(24);
        assertThat(records.get(10).get("start")).isEqualTo("2026-11-02T10:00:00Z");
        assertThat(records.get(10).get("delivered_clean")).isEqualTo("3");
        assertThat(records.get(10).get("total")).isEqualTo("3");
    }

    @Test
    void topShouldQuoteCsvAndDefuseSpreadsheetFormulas() throws Exception {
        String csv = given().queryParam("format", "csv")
            .get("/gatehouse/reports/top?tenant=acme&by=sender&" + RANGE)
        .then()
            .statusCode(HttpStatus.OK_200)
            .extract().asString();

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        assertThat(records).extracting(record -> record.get("sender"))
            .containsExactly("alice@a.example", "'=1+1@evil.example, \"quoted\"");
        assertThat(csv).contains("\"'=1+1@evil.example, \"\"quoted\"\"\"");
        assertThat(records).extracting(record -> record.get("messages")).containsExactly("2", "1");
    }

    @Test
    void deliveryShouldAnswerThePercentilesAndTheShareWithinTheTarget() {
        given().get("/gatehouse/reports/delivery?tenant=acme&" + RANGE)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("delivered", equalTo(3))
            .body("targetSeconds", equalTo(120))
            .body("withinTarget", equalTo(3))
            .body("withinTargetShare", equalTo(1.0f))
            .body("p50Seconds", equalTo(2))
            .body("p99Seconds", equalTo(2));
    }

    @Test
    void reportsShouldAnswerNotFoundForAnUnknownTenant() {
        given().get("/gatehouse/reports/summary?tenant=initech&" + RANGE)
        .then()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .body("message", containsString("initech"));
    }

    @Test
    void reportsShouldNameTheFieldOfABadParameter() {
        given().get("/gatehouse/reports/summary?granularity=fortnight&" + RANGE)
        .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("'granularity'"));
        given().get("/gatehouse/reports/top?" + RANGE)
        .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("'by'"));
        given().get("/gatehouse/reports/delivery?target=100&" + RANGE)
        .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("'target'"));
        given().get("/gatehouse/reports/summary?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z")
        .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("'from'"));
        given().get("/gatehouse/reports/summary?format=xml&" + RANGE)
        .then().statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("'format'"));
    }
}
