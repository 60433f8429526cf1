package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache Tika's own test documents (src/test/resources/corpora/tika-test-documents, see PROVENANCE.md): encrypted
 * documents are flagged, archive bombs hit a bound, executables and macro documents are typed. Runs in the
 * {@code content-small-heap} surefire execution (-Xmx128m): surviving the bombs there is the memory proof.
 */
class TikaCorpusTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    @BeforeAll
    static void runOnlyWithASmallHeap() {
        assumeTrue(Boolean.getBoolean("gatehouse.content.smallHeap"), "runs in the content-small-heap surefire execution");
    }

    private static ContentInspection inspect(String path) {
        byte[] content = TestArchives.corpus(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("testRFC822") || name.endsWith(".eml")
                ? INSPECTOR.inspectMessage(content) : INSPECTOR.inspectFile(name, Optional.empty(), content);
    }

    @Test
    void heapShouldBeSmallForTheMemoryProofToMeanSomething() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(128L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"full_encrypted.7z", "password.xls", "protectedFile.xlsx", "test-documents-enc.rar",
            "test7Z_protected_passTika.7z", "testAccess2_encrypted.accdb", "testEXCEL_protected_passtika.xls",
            "testEXCEL_protected_passtika.xlsx", "testEXCEL_protected_passtika_2.xlsx", "testODTEncrypted.odt",
            "testPDF_protected.pdf", "testPGPEncrypted.gpg", "testPPT_protected_passtika.ppt",
            "testPPT_protected_passtika.pptx", "testPagesPwdProtected.pages", "testPassword4Spaces.pdf",
            "testRFC822_encrypted_zip", "testUnicodePassword.pdf", "testWORD_protected_drm.doc",
            "testWORD_protected_passtika.doc", "testWORD_protected_passtika.docx", "testZipEncrypted.zip"})
    void encryptedDocumentShouldBeFlaggedEncrypted(String file) {
        ContentInspection inspection = inspect("encrypted/" + file);

        assertThat(inspection.encryptedParts()).as(file).isNotEmpty();
        assertThat(inspection.findings()).extracting(finding -> finding.ruleId()).contains("CONTENT_ENCRYPTED");
    }

    /**
     * The one file of encrypted/ that is not encrypted: Excel sheet protection stores a password hash but leaves the
     * cells in clear text, which is read. Flagging it would send readable workbooks to the "encrypted" action.
     */
    @Test
    void sheetProtectedWorkbookShouldNotBeFlaggedEncryptedBecauseItsContentIsClearText() {
        ContentInspection inspection = inspect("encrypted/protectedSheets.xlsx");

        assertThat(inspection.encryptedParts()).isEmpty();
        assertThat(inspection.text()).contains("защищена формула"); // "protected formula", a cell of the first sheet
    }

    @Test
    void everyFileOfEncryptedShouldBeCoveredByTheTwoTestsAbove() {
        List<String> manifest = TestArchives.corpusManifest("encrypted");

        assertThat(manifest).hasSize(23);
    }

    /**
     * Droste (a zip that contains itself) and the gzip quine recurse until the depth bound; the .Z and LZMA files
     * declare dictionaries of gigabytes, refused by the decoder-memory bound before any allocation.
     */
    @ParameterizedTest
    @MethodSource("bombs")
    void archiveBombShouldHitABoundWithoutExhaustingMemory(String file, String reason) {
        ContentInspection inspection = inspect("archives/" + file);

        assertThat(inspection.isUnscannable()).isTrue();
        assertThat(inspection.unscannableReasons()).anySatisfy(line -> assertThat(line).contains(reason));
        assertThat(inspection.parts()).hasSizeLessThanOrEqualTo(2 * ContentLimits.defaults().maxDepth() + 2);
    }

    static Stream<Arguments> bombs() {
        return Stream.of(
                Arguments.of("droste.zip", "nested deeper than 5 levels"),
                Arguments.of("quine.gz", "nested deeper than 5 levels"),
                Arguments.of("testZ_oom.Z", "decoder would need"),
                Arguments.of("testLZMA_oom", "decoder would need"));
    }

    /** A 42.zip-style bomb made here: 16 zips of 16 entries of 4 MiB of zeros, 1 GiB in all, from a few tens of KB. */
    @Test
    void layeredZipBombShouldStopAtTheExpandedBytesBound() {
        Map<String, byte[]> zeros = new LinkedHashMap<>();
        byte[] fourMib = new byte[4 << 20];
        for (int i = 0; i < 16; i++) {
            zeros.put("zeros" + i + ".bin", fourMib);
        }
        byte[] layer = TestArchives.zip(zeros);
        Map<String, byte[]> layers = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            layers.put("layer" + i + ".zip", layer);
        }
        byte[] bomb = TestArchives.zip(layers);

        ContentInspection inspection = INSPECTOR.inspectFile("bomb.zip", Optional.empty(), bomb);

        assertThat(bomb.length).isLessThan(1 << 20);
        assertThat(inspection.unscannableReasons()).anySatisfy(line -> assertThat(line).contains("compression ratio above 100"));
        assertThat(inspection.problems()).extracting(ContentProblem::reason)
                .containsExactly("inspection stopped: more than 104857600 bytes expanded from archives");
        assertThat(inspection.expandedBytes()).isLessThan((100L << 20) + 8192);
    }

    @ParameterizedTest
    @MethodSource("executables")
    void executableShouldBeTypedByContent(String file, String trueType, TypeFamily family) {
        ContentInspection inspection = inspect("executables-macros/" + file);

        InspectedPart part = inspection.parts().get(0);
        assertThat(part.trueType()).as(file).isEqualTo(trueType);
        assertThat(part.family()).as(file).isEqualTo(family);
    }

    static Stream<Arguments> executables() {
        return Stream.of(
                Arguments.of("testTinyPE.exe", "application/x-msdownload; format=pe", TypeFamily.EXECUTABLE),
                Arguments.of("testWindows-x86-32.exe", "application/x-msdownload; format=pe32", TypeFamily.EXECUTABLE),
                Arguments.of("testLinux-x86-32", "application/x-executable", TypeFamily.EXECUTABLE),
                Arguments.of("testLinux-x86-64", "application/x-executable", TypeFamily.EXECUTABLE),
                Arguments.of("testJAR.jar", "application/java-archive", TypeFamily.EXECUTABLE),
                Arguments.of("testJAR_with_PEHDR.jar", "application/java-archive", TypeFamily.EXECUTABLE),
                Arguments.of("testAPK.apk", "application/vnd.android.package-archive", TypeFamily.EXECUTABLE),
                Arguments.of("testBAT.bat", "application/x-bat", TypeFamily.SCRIPT),
                Arguments.of("testJS.js", "text/javascript", TypeFamily.SCRIPT),
                Arguments.of("testWORD_macros.docm", "application/vnd.ms-word.document.macroenabled.12", TypeFamily.MACRO_DOCUMENT),
                Arguments.of("testEXCEL_macro.xlsm", "application/vnd.ms-excel.sheet.macroenabled.12", TypeFamily.MACRO_DOCUMENT),
                Arguments.of("testPPT_macros.pptm", "application/vnd.ms-powerpoint.presentation.macroenabled.12",
                        TypeFamily.MACRO_DOCUMENT),
                Arguments.of("testOneNote.one", "application/onenote; format=one", TypeFamily.MACRO_DOCUMENT));
    }

    @Test
    void everyFileOfExecutablesMacrosShouldBeInTheTableAbove() {
        assertThat(executables().map(arguments -> (String) arguments.get()[0]).toList())
                .containsExactlyInAnyOrderElementsOf(TestArchives.corpusManifest("executables-macros"));
    }

    @Test
    void executableRenamedAsADocumentShouldStillBeAnExecutableWithAMismatch() {
        byte[] exe = TestArchives.corpus("executables-macros/testWindows-x86-32.exe");

        InspectedPart part = INSPECTOR.inspectFile("invoice.pdf", Optional.of("application/pdf"), exe).parts().get(0);

        assertThat(part.family()).isEqualTo(TypeFamily.EXECUTABLE);
        assertThat(part.typeMismatch()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"testEXCEL.xls", "testEXCEL.xlsx", "testPDF.pdf", "testPPT.ppt", "testPPT.pptx", "testRTF.rtf",
            "testTXT.txt", "testWORD.doc", "testWORD.docx", "testHTML.html", "testMSG.msg"})
    void plainDocumentShouldGiveTextAndNoFinding(String file) {
        ContentInspection inspection = inspect("plain/" + file);

        assertThat(inspection.text()).as(file).isNotBlank();
        assertThat(inspection.findings()).as(file).isEmpty();
        assertThat(inspection.parts().get(0).problems()).as(file).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"testGIF.gif", "testJPEG.jpg", "testPNG.png", "testEmailWithPNGAtt.eml",
            "testRFC822-mixed-with-pdf-inline", "testRFC822_multipart_attachments.eml"})
    void plainImagesAndMessagesShouldGiveNoFinding(String file) {
        ContentInspection inspection = inspect("plain/" + file);

        assertThat(inspection.findings()).as(file).isEmpty();
        assertThat(inspection.parts()).as(file).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-documents.zip", "test-documents.7z", "test-documents.tar", "test-documents.tgz"})
    void archiveShouldBeUnpackedWithTheTextOfEveryDocument(String file) {
        ContentInspection inspection = inspect("archives/" + file);

        List<InspectedPart> documents = inspection.parts().stream().filter(part -> part.path().matches(".*/test[A-Z].*")).toList();
        assertThat(documents).as(file).hasSize(9).allSatisfy(part -> assertThat(part.text()).as(part.path()).isNotBlank());
        assertThat(inspection.findings()).as(file).isEmpty();
    }

    @Test
    void nestedArchivesShouldBeUnpackedToTheInnermostText() {
        assertThat(inspect("archives/test-zip-of-zip.zip").text()).contains("This is just some text");
        assertThat(inspect("archives/test-nested-tarball.tar").parts()).extracting(InspectedPart::path)
                .contains("test-nested-tarball.tar/folderContainingTgz/inner/nested.tgz/nested.tar/folderWithinTgz/testTXT.txt");
        assertThat(inspect("archives/testRFC822_normal_zip").text()).contains("This is text inside an unencrypted zip file");
    }

    @Test
    void zipThatCommonsCompressRefusesShouldBeReadFromItsLocalHeaders() {
        ContentInspection inspection = inspect("archives/testZip_with_DataDescriptor.zip");

        assertThat(inspection.parts()).hasSize(6);
        assertThat(inspection.isUnscannable()).isFalse();
    }

    /** Formats not unpacked: RAR (no unrar), CAB, zstd (needs native zstd); a spanned zip's first segment cannot be read. */
    @ParameterizedTest
    @ValueSource(strings = {"test-documents.rar", "test-documents.cab", "testZSTD.zst", "test-documents-spanned.z01"})
    void archiveThatIsNotUnpackedShouldBeUnscannable(String file) {
        assertThat(inspect("archives/" + file).isUnscannable()).as(file).isTrue();
    }
}
