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
            assertThat(finding.action()).contains(Action.REJECT);
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
            .containsEntry(ContentPolicy.Kind.ENCRYPTED, Action.REJECT)
            .containsEntry(ContentPolicy.Kind.UNSCANNABLE, Action.QUARANTINE);
    }

    @Test
    void validateShouldRefuseBadFieldsWithTheirPath() {
        assertInvalid("{\"denyFamilies\": [\"exe\"]}", "content.denyFamilies[0]");
        assertInvalid("{\"denyTypes\": [\"not a type\"]}", "content.denyTypes[0]");
        assertInvalid("{\"maxAttachmentBytes\": 0}", "content.maxAttachmentBytes");
        assertInvalid("{\"actions\": {\"denied\": \"strip\"}}", "content.actions.denied");
        assertInvalid("{\"actions\": {\"virus\": \"block\"}}", "content.actions.virus");
        assertInvalid("{\"deny\": []}", "content.deny");
    }
}
