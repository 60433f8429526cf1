package org.gatehouse.webadmin;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.webadmin.LearningRoutesTest.learnAs;
import static org.gatehouse.webadmin.LearningRoutesTest.message;
import static org.gatehouse.webadmin.TenantRoutesTest.ACME;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.scoring.learning.TrainingTotals;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

class OperatorLearningRoutesTest {
    private static final String LEARN = "/gatehouse/tenants/acme/scoring/learn";
    private static final String OPERATOR_LEARNING = "/gatehouse/scoring/learning";
    private static final String IMPORT = "/gatehouse/scoring/learning/import";

    @RegisterExtension
    GatehouseWebAdminExtension webAdmin = new GatehouseWebAdminExtension();

    @TempDir
    Path folders;

    @BeforeEach
    void createTenants() {
        given().body(ACME).put("/gatehouse/tenants/acme").then().statusCode(HttpStatus.CREATED_201);
        given().body("{\"name\":\"Globex\",\"domains\":[\"globex.example\"],"
            + "\"downstream\":{\"host\":\"mail.globex.example\",\"port\":25,\"requireTls\":false},\"relayClients\":[]}")
            .put("/gatehouse/tenants/globex").then().statusCode(HttpStatus.CREATED_201);
    }

    private static JsonPath runImport(Path folder, String label) {
        String taskId = given().queryParam("folder", folder.toString()).queryParam("as", label)
            .post(IMPORT).then().statusCode(HttpStatus.CREATED_201).extract().jsonPath().getString("taskId");
        return JsonPath.from(when().get("/tasks/" + taskId + "/await").then().statusCode(HttpStatus.OK_200).extract().asString());
    }

    /** Three messages; the second quotes a From line in its body, as mboxrd writes it. */
    private Path mbox() throws IOException {
        String text = "From spammer@sender.example Mon Nov 23 10:00:00 2026\n" + new String(message(1, "cheap pills online"), StandardCharsets.UTF_8)
            + "\nFrom spammer@sender.example Mon Nov 23 10:01:00 2026\n" + new String(message(2, "cheap watches\n>From the factory"),
            StandardCharsets.UTF_8)
            + "\nFrom spammer@sender.example Mon Nov 23 10:02:00 2026\n" + new String(message(3, "casino bonus"), StandardCharsets.UTF_8);
        return Files.writeString(folders.resolve("spam.mbox"), text);
    }

    @Test
    void statusShouldReportWhatEveryTenantsDecisionsTaughtTheOperatorModel() {
        learnAs("spam", message(1, "cheap pills online")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        learnAs("spam", message(2, "cheap watches online")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        learnAs("ham", message(3, "meeting minutes")).post(LEARN).then().statusCode(HttpStatus.OK_200);
        learnAs("ham", message(4, "project agenda")).post(LEARN).then().statusCode(HttpStatus.OK_200);

        when()
            .get(OPERATOR_LEARNING)
        .then()
            .statusCode(HttpStatus.OK_200)
            .body("model", equalTo("operator"))
            .body("spam", equalTo(2))
            .body("ham", equalTo(2))
            .body("active", equalTo(true))
            .body("scoredBy", equalTo("operator"))
            .body("operatorModel", equalTo(true));
        when().get("/gatehouse/tenants/globex/scoring/learning").then()
            .body("spam", equalTo(0))
            .body("active", equalTo(false))
            .body("scoredBy", equalTo("operator"));
        when().get("/gatehouse/tenants/acme/scoring/learning").then().body("scoredBy", equalTo("tenant"));
    }

    @Test
    void importShouldLearnEveryMessageOfAnMboxOnceIntoTheOperatorModelOnly() throws Exception {
        Path mbox = mbox();

        JsonPath first = runImport(mbox, "spam");
        JsonPath again = runImport(mbox, "spam");

        assertThat(first.getString("status")).isEqualTo("completed");
        assertThat(first.getString("type")).isEqualTo("gatehouse-learning-import");
        assertThat(first.getString("additionalInformation.format")).isEqualTo("mbox");
        assertThat(first.getString("additionalInformation.label")).isEqualTo("spam");
        assertThat(first.getInt("additionalInformation.read")).isEqualTo(3);
        assertThat(first.getInt("additionalInformation.learnt")).isEqualTo(3);
        assertThat(again.getInt("additionalInformation.learnt")).isZero();
        assertThat(again.getInt("additionalInformation.alreadyKnown")).isEqualTo(3);
        assertThat(webAdmin.learning().operatorStatus().totals()).isEqualTo(new TrainingTotals(3, 0));
        assertThat(webAdmin.learning().status(TenantId.of("acme")).totals()).isEqualTo(TrainingTotals.NONE);
    }

    @Test
    void importShouldLearnTheMessagesOfCurAndNewInAMaildir() throws Exception {
        Path maildir = folders.resolve("Maildir");
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        Files.write(maildir.resolve("cur/1700000000.1.host:2,S"), message(11, "meeting minutes"));
        Files.write(maildir.resolve("new/1700000001.2.host"), message(12, "project agenda"));
        Files.write(maildir.resolve("tmp/1700000002.3.host"), message(13, "still being delivered"));

        JsonPath task = runImport(maildir, "ham");

        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getString("additionalInformation.format")).isEqualTo("maildir");
        assertThat(task.getInt("additionalInformation.read")).isEqualTo(2);
        assertThat(task.getInt("additionalInformation.learnt")).isEqualTo(2);
        assertThat(webAdmin.learning().operatorStatus().totals()).isEqualTo(new TrainingTotals(0, 2));
    }

    @Test
    void importShouldAnswerBadRequestWhenTheFolderIsNotAnAbsolutePathToAFolder() throws Exception {
        Files.createDirectories(folders.resolve("plain"));

        given().queryParam("folder", "relative/spam.mbox").queryParam("as", "spam").post(IMPORT).then()
            .statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("absolute"));
        given().queryParam("folder", folders.resolve("missing.mbox").toString()).queryParam("as", "spam").post(IMPORT).then()
            .statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("folder"));
        given().queryParam("folder", folders.resolve("plain").toString()).queryParam("as", "spam").post(IMPORT).then()
            .statusCode(HttpStatus.BAD_REQUEST_400).body("message", containsString("not a Maildir"));
        given().queryParam("as", "spam").post(IMPORT).then().statusCode(HttpStatus.BAD_REQUEST_400);
        given().queryParam("folder", mbox().toString()).queryParam("as", "junk").post(IMPORT).then().statusCode(HttpStatus.BAD_REQUEST_400);
        assertThat(webAdmin.learning().operatorStatus().totals()).isEqualTo(TrainingTotals.NONE);
    }
}
