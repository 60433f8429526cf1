package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ContentPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    private static ContentPolicy parse(String json) throws Exception {
        return ContentPolicy.parse(MAPPER.readTree(json));
    }

    private static void assertInvalid(String json, String field) {
        assertThatThrownBy(() -> new ContentPolicySection().validate(MAPPER.readTree(json)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void defaultsShouldBlockAnExecutableAtAnyDepth() throws Exception {
        ContentInspection inspection = INSPECTOR.inspectFile("a.zip", Optional.of("application/zip"),
            VirusSamples.zip("b.zip", VirusSamples.zip("setup.exe", VirusSamples.windowsExecutable())));

        List<Finding> findings = ContentPolicy.of(PolicyDocument.empty()).evaluate(inspection);

        assertThat(findings).anySatisfy(finding -> {
            assertThat(finding.ruleId()).isEqualTo("CONTENT_DENIED_TYPE");
            assertThat(finding.reason()).contains("setup.exe", "executable");
            assertThat(finding.action()).contains(Action.BLOCK);
        });
    }

    @Test
    void allowTypesShouldExemptATypeOfADeniedFamily() throws Exception {
        ContentInspection inspection = INSPECTOR.inspectFile("setup.exe", Optional.empty(), VirusSamples.windowsExecutable());
        String trueType = inspection.parts().get(0).trueType();

        ContentPolicy policy = parse("{\"allowTypes\": [\"" + trueType + "\"]}");

        assertThat(policy.evaluate(inspection)).noneMatch(finding -> finding.ruleId().equals("CONTENT_DENIED_TYPE"));
    }

    @Test
    void parseShouldReadFamiliesTypesSizeAndActions() throws Exception {
        ContentPolicy policy = parse("{\"denyFamilies\": [\"archive\", \"disk_image\"], \"denyTypes\": [\"Application/PDF\"],"
            + " \"maxAttachmentBytes\": 1000, \"actions\": {\"denied\": \"quarantine\", \"encrypted\": \"block\"}}");

        assertThat(policy.denyFamilies()).containsExactlyInAnyOrder(TypeFamily.ARCHIVE, TypeFamily.DISK_IMAGE);
        assertThat(policy.denyTypes()).containsExactly("application/pdf");
        assertThat(policy.maxAttachmentBytes()).hasValue(1000);
        assertThat(policy.actions()).containsEntry(ContentPolicy.Kind.DENIED, Action.QUARANTINE)
            .containsEntry(ContentPolicy.Kind.ENCRYPTED, Action.BLOCK)
            .containsEntry(ContentPolicy.Kind.UNSCANNABLE, Action.QUARANTINE);
    }

    @Test
    void validateShouldRefuseBadFieldsWithTheirPath() {
        assertInvalid("{\"denyFamilies\": [\"exe\"]}", "content.denyFamilies[0]");
        assertInvalid("{\"denyTypes\": [\"not a type\"]}", "content.denyTypes[0]");
        assertInvalid("{\"maxAttachmentBytes\": 0}", "content.maxAttachmentBytes");
        assertInvalid("{\"actions\": {\"denied\": \"delete\"}}", "content.actions.denied");
        assertInvalid("{\"actions\": {\"unscannable\": \"strip\"}}", "content.actions.unscannable");
        assertInvalid("{\"actions\": {\"denied\": \"copy\"}}", "content.adminAddress");
        assertInvalid("{\"actions\": {\"encrypted\": \"redirect\"}}", "content.adminAddress");
        assertInvalid("{\"adminAddress\": \"not an address\"}", "content.adminAddress");
        assertInvalid("{\"virusNotifications\": {\"admin\": true}}", "content.adminAddress");
        assertInvalid("{\"virusNotifications\": {\"sender\": \"yes\"}}", "content.virusNotifications.sender");
        assertInvalid("{\"virusNotifications\": {\"everyone\": true}}", "content.virusNotifications.everyone");
        assertInvalid("{\"allowFamilies\": [\"pdf\", \"documents\"]}", "content.allowFamilies[1]");
        assertInvalid("{\"maxMessageBytes\": -5}", "content.maxMessageBytes");
        assertInvalid("{\"actions\": {\"virus\": \"block\"}}", "content.actions.virus");
        assertInvalid("{\"deny\": []}", "content.deny");
    }

    @Test
    void judgeShouldNameTheTopLevelPartToStripWhenTheActionIsStrip() throws Exception {
        byte[] message = ("From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            + "--b\r\nContent-Type: application/zip; name=\"a.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(VirusSamples.zip("b.zip", VirusSamples.zip("setup.exe",
                VirusSamples.windowsExecutable()))) + "\r\n--b--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        ContentPolicy.Judgement judgement = parse("{\"actions\": {\"denied\": \"strip\"}}").judge(INSPECTOR.inspectMessage(message));

        assertThat(judgement.findings()).anySatisfy(finding -> assertThat(finding.action()).contains(Action.STRIP));
        assertThat(judgement.strips()).singleElement().satisfies(strip -> {
            assertThat(strip.section()).isEqualTo("2");
            assertThat(strip.path()).isEqualTo("a.zip/b.zip/setup.exe");
            assertThat(strip.reason()).startsWith("CONTENT_DENIED_TYPE: ");
        });
    }

    @Test
    void judgeShouldNotStripWhenTheActionIsNotStrip() throws Exception {
        ContentInspection inspection = INSPECTOR.inspectFile("setup.exe", Optional.empty(), VirusSamples.windowsExecutable());

        assertThat(ContentPolicy.defaults().judge(inspection).strips()).isEmpty();
    }

    @Test
    void allowFamiliesShouldDenyEveryOtherAttachmentFamilyButNotTheBodyText() throws Exception {
        ContentPolicy policy = parse("{\"denyFamilies\": [], \"allowFamilies\": [\"pdf\", \"image\"]}");

        assertThat(policy.evaluate(INSPECTOR.inspectFile("a.zip", Optional.of("application/zip"),
            VirusSamples.zip("notes.txt", "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))))
            .extracting(Finding::ruleId).contains("CONTENT_DENIED_TYPE");
        byte[] plain = "From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\n\r\nhello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(policy.evaluate(INSPECTOR.inspectMessage(plain))).isEmpty();
    }

    @Test
    void parseShouldReadTheAdminAddressSizesAndNotifications() throws Exception {
        ContentPolicy policy = parse("{\"adminAddress\": \"Security@Example.com\", \"maxMessageBytes\": 5000000,"
            + " \"actions\": {\"denied\": \"copy\", \"encrypted\": \"redirect\", \"typeMismatch\": \"strip\"},"
            + " \"virusNotifications\": {\"recipients\": true, \"admin\": true}}");

        assertThat(policy.adminAddress()).contains("security@example.com");
        assertThat(policy.maxMessageBytes()).hasValue(5_000_000);
        assertThat(policy.actions()).containsEntry(ContentPolicy.Kind.DENIED, Action.COPY)
            .containsEntry(ContentPolicy.Kind.ENCRYPTED, Action.REDIRECT)
            .containsEntry(ContentPolicy.Kind.TYPE_MISMATCH, Action.STRIP);
        assertThat(policy.virusNotifications()).isEqualTo(new ContentPolicy.VirusNotifications(true, true, false));
        assertThat(ContentPolicy.defaults().virusNotifications().any()).isFalse();
    }
}
