package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.content.TestArchives.entries;
import static org.gatehouse.content.TestArchives.text;

import java.util.Optional;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

class TypeMismatchTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();
    private static final byte[] PE = TestArchives.corpus("executables-macros/testTinyPE.exe");
    private static final byte[] PDF = TestArchives.corpus("plain/testPDF.pdf");
    private static final byte[] DOCX = TestArchives.corpus("plain/testWORD.docx");
    private static final byte[] DOCM = TestArchives.corpus("executables-macros/testWORD_macros.docm");
    private static final byte[] JPEG = TestArchives.corpus("plain/testJPEG.jpg");

    private static InspectedPart only(String name, Optional<String> declared, byte[] content) {
        return INSPECTOR.inspectFile(name, declared, content).parts().get(0);
    }

    @Test
    void mismatchShouldBeFoundWhenAnExecutableIsNamedAndDeclaredAsPdf() {
        ContentInspection inspection = INSPECTOR.inspectFile("invoice.pdf", Optional.of("application/pdf"), PE);

        InspectedPart part = inspection.parts().get(0);
        assertThat(part.trueType()).startsWith("application/x-msdownload");
        assertThat(part.family()).isEqualTo(TypeFamily.EXECUTABLE);
        assertThat(part.typeMismatch()).hasValueSatisfying(problem -> assertThat(problem.reason()).isEqualTo(
                "declared application/pdf (pdf) and named invoice.pdf (pdf) but the content is application/x-msdownload (executable)"));
        assertThat(inspection.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.ruleId()).isEqualTo("CONTENT_TYPE_MISMATCH");
            assertThat(finding.check()).isEqualTo("content");
            assertThat(finding.reason()).startsWith("invoice.pdf: declared application/pdf");
        });
    }

    @Test
    void mismatchShouldBeFoundAtAnyDepthWhenOnlyTheNameLies() {
        byte[] zip = TestArchives.zip(entries("statement.pdf", PE));

        ContentInspection inspection = INSPECTOR.inspectFile("docs.zip", Optional.empty(), zip);

        assertThat(inspection.typeMismatches()).extracting(InspectedPart::path).containsExactly("docs.zip/statement.pdf");
        assertThat(inspection.families()).contains(TypeFamily.EXECUTABLE);
    }

    @Test
    void mismatchShouldBeFoundWhenAMacroDocumentIsNamedAsAPlainOne() {
        assertThat(only("contract.docx", Optional.empty(), DOCM).typeMismatch()).isPresent();
        assertThat(only("contract.docx", Optional.empty(), DOCM).family()).isEqualTo(TypeFamily.MACRO_DOCUMENT);
    }

    @Test
    void mismatchShouldBeFoundWhenTheDeclaredTypeAloneLies() {
        InspectedPart part = only("scan", Optional.of("image/jpeg"), PDF);

        assertThat(part.typeMismatch()).hasValueSatisfying(problem ->
                assertThat(problem.reason()).isEqualTo("declared image/jpeg (image) but the content is application/pdf (pdf)"));
    }

    @Test
    void noMismatchShouldBeFoundWhenTheClaimIsGenericOrAKindOfTheContent() {
        assertThat(only("report.docx", Optional.of("application/octet-stream"), DOCX).typeMismatch()).isEmpty();
        assertThat(only("report.docx", Optional.of("application/zip"), DOCX).typeMismatch()).isEmpty();
        assertThat(only("report.docx", Optional.of("application/msword"), DOCX).typeMismatch()).isEmpty(); // same family
        assertThat(only("photo.png", Optional.of("image/jpg"), JPEG).typeMismatch()).isEmpty(); // same family
        assertThat(only("archive.docx", Optional.empty(), TestArchives.zip(entries("a.txt", text("a"))))).satisfies(
                part -> assertThat(part.typeMismatch()).isEmpty()); // a docx is a kind of zip
        assertThat(only("noextension", Optional.empty(), PE).typeMismatch()).isEmpty();
        assertThat(only("file.unknownext", Optional.of("application/x-made-up"), PE).typeMismatch()).isEmpty();
    }

    @Test
    void noMismatchShouldBeFoundWhenTheContentIsText() {
        InspectedPart part = only("invoice.pdf", Optional.of("application/pdf"), text("just some text, not a PDF"));

        assertThat(part.trueType()).isEqualTo("text/plain");
        assertThat(part.typeMismatch()).isEmpty();
    }

    @Test
    void mismatchFindingsShouldCarryNoActionOrScore() {
        Finding finding = INSPECTOR.inspectFile("invoice.pdf", Optional.empty(), PE).findings().get(0);

        assertThat(finding.action()).isEmpty();
        assertThat(finding.score()).isZero();
        assertThat(finding.result()).isEqualTo("mismatch");
    }
}
