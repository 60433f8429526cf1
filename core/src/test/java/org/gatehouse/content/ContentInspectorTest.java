package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.content.TestArchives.entries;
import static org.gatehouse.content.TestArchives.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ContentInspectorTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    static InspectedPart part(ContentInspection inspection, String path) {
        return inspection.parts().stream().filter(part -> part.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + path + " in " + inspection.parts().stream().map(InspectedPart::path).toList()));
    }

    @Test
    void inspectFileShouldUnpackEveryLevelWhenZipsAreNested() {
        byte[] inner = TestArchives.zip(entries("note.txt", text("quarterly figures attached")));
        byte[] middle = TestArchives.zip(entries("inner.zip", inner));
        byte[] outer = TestArchives.zip(entries("docs/", new byte[0], "docs/middle.zip", middle));

        ContentInspection inspection = INSPECTOR.inspectFile("outer.zip", Optional.of("application/zip"), outer);

        assertThat(inspection.parts()).extracting(InspectedPart::path).containsExactly("outer.zip",
                "outer.zip/docs/middle.zip", "outer.zip/docs/middle.zip/inner.zip", "outer.zip/docs/middle.zip/inner.zip/note.txt");
        InspectedPart note = part(inspection, "outer.zip/docs/middle.zip/inner.zip/note.txt");
        assertThat(note.depth()).isEqualTo(3);
        assertThat(note.trueType()).isEqualTo("text/plain");
        assertThat(note.family()).isEqualTo(TypeFamily.TEXT);
        assertThat(note.text()).contains("quarterly figures attached");
        assertThat(part(inspection, "outer.zip").family()).isEqualTo(TypeFamily.ARCHIVE);
        assertThat(inspection.isUnscannable()).isFalse();
        assertThat(inspection.findings()).isEmpty();
        assertThat(inspection.text()).contains("quarterly figures attached");
    }

    @Test
    void inspectFileShouldUnpackTarGzipAnd7zWhenTheyHoldEachOther() {
        byte[] sevenZ = TestArchives.sevenZ(entries("a.txt", text("alpha"), "b.zip", TestArchives.zip(entries("c.txt", text("gamma")))));
        byte[] tgz = TestArchives.gzip(TestArchives.tar(entries("bundle.7z", sevenZ)));

        ContentInspection inspection = INSPECTOR.inspectFile("bundle.tgz", Optional.empty(), tgz);

        assertThat(inspection.parts()).extracting(InspectedPart::path).containsExactly("bundle.tgz", "bundle.tgz/bundle.tar",
                "bundle.tgz/bundle.tar/bundle.7z", "bundle.tgz/bundle.tar/bundle.7z/a.txt", "bundle.tgz/bundle.tar/bundle.7z/b.zip",
                "bundle.tgz/bundle.tar/bundle.7z/b.zip/c.txt");
        assertThat(part(inspection, "bundle.tgz/bundle.tar").trueType()).isEqualTo("application/x-tar");
        assertThat(part(inspection, "bundle.tgz/bundle.tar/bundle.7z").trueType()).isEqualTo("application/x-7z-compressed");
        assertThat(part(inspection, "bundle.tgz/bundle.tar/bundle.7z/b.zip/c.txt").text()).contains("gamma");
        assertThat(inspection.expandedBytes()).isPositive();
    }

    @Test
    void inspectMessageShouldNumberPartsAndUnpackAttachmentsAndNestedMessages() {
        byte[] forwarded = new TestArchives.Message()
                .text("text/plain; charset=utf-8", "inner body")
                .attach("plan.zip", "application/zip", TestArchives.zip(entries("plan.txt", text("the plan"))))
                .build();
        byte[] raw = new TestArchives.Message()
                .text("text/plain; charset=utf-8", "Hello Bob, café attached")
                .text("text/html; charset=utf-8", "<p>Hello <b>Bob</b></p>")
                .forward("fwd.eml", forwarded)
                .build();

        ContentInspection inspection = INSPECTOR.inspectMessage(raw);

        assertThat(inspection.parts()).extracting(InspectedPart::path).containsExactly("(part 1)", "(part 2)", "fwd.eml",
                "fwd.eml/(part 1)", "fwd.eml/plan.zip", "fwd.eml/plan.zip/plan.txt");
        assertThat(inspection.parts()).extracting(InspectedPart::section).containsExactly("1", "2", "3", "3", "3", "3");
        assertThat(inspection.parts()).extracting(InspectedPart::depth).containsExactly(0, 0, 0, 1, 1, 2);
        assertThat(part(inspection, "(part 1)").text()).contains("café attached");
        assertThat(part(inspection, "(part 2)").trueType()).isEqualTo("text/html");
        assertThat(part(inspection, "(part 2)").family()).isEqualTo(TypeFamily.HTML);
        assertThat(part(inspection, "(part 2)").text()).contains("Hello Bob").doesNotContain("<b>");
        assertThat(part(inspection, "fwd.eml").trueType()).isEqualTo("message/rfc822");
        assertThat(part(inspection, "fwd.eml").declaredType()).contains("message/rfc822");
        assertThat(part(inspection, "fwd.eml/plan.zip/plan.txt").text()).contains("the plan");
    }

    @Test
    void inspectMessageShouldSkipTheMboxSeparatorWhenTheMessageStartsWithOne() {
        byte[] raw = ("From alice@example.com Mon Jan  1 00:00:00 2024\r\nSubject: hi\r\n\r\nplain body\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        ContentInspection inspection = INSPECTOR.inspectMessage(raw);

        assertThat(inspection.parts()).extracting(InspectedPart::path).containsExactly("(part 1)");
        assertThat(inspection.parts().get(0).text()).contains("plain body");
    }

    @Test
    void familyShouldBeScriptWhenTextIsNamedLikeAScript() {
        byte[] script = text("Set shell = CreateObject(\"WScript.Shell\")\r\nshell.Run \"calc\"\r\n");

        assertThat(INSPECTOR.inspectFile("invoice.vbs", Optional.empty(), script).parts().get(0).family()).isEqualTo(TypeFamily.SCRIPT);
        assertThat(INSPECTOR.inspectFile("invoice.hta", Optional.empty(), script).parts().get(0).family()).isEqualTo(TypeFamily.SCRIPT);
        assertThat(INSPECTOR.inspectFile("invoice.txt", Optional.empty(), script).parts().get(0).family()).isEqualTo(TypeFamily.TEXT);
    }

    @Test
    void familyShouldBeMacroDocumentWhenAnOle2WordFileHoldsAVbaProject() throws IOException {
        ContentInspection withMacros = INSPECTOR.inspectFile("report.doc", Optional.empty(), TestDocuments.wordOle2(true));
        ContentInspection withoutMacros = INSPECTOR.inspectFile("report.doc", Optional.empty(), TestDocuments.wordOle2(false));

        assertThat(withMacros.parts().get(0).trueType()).isEqualTo("application/msword");
        assertThat(withMacros.parts().get(0).family()).isEqualTo(TypeFamily.MACRO_DOCUMENT);
        assertThat(withoutMacros.parts().get(0).family()).isEqualTo(TypeFamily.OFFICE);
    }

    @Test
    void entryShouldBeRecordedByNameWhenItsZipMethodIsUnsupported() {
        byte[] zip = TestDocuments.zipWithMethod("odd.bin", 99, text("whatever"));

        ContentInspection inspection = INSPECTOR.inspectFile("odd.zip", Optional.empty(), zip);

        InspectedPart odd = part(inspection, "odd.zip/odd.bin");
        assertThat(odd.problems()).extracting(ContentProblem::kind).containsExactly(ContentProblem.Kind.NOT_UNPACKED);
        assertThat(inspection.isUnscannable()).isTrue();
    }

    @Test
    void inspectionShouldNeverThrowWhenTheInputIsGarbage() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        byte[] brokenZip = java.util.Arrays.copyOf(TestArchives.zip(entries("a.txt", text("a".repeat(5000)))), 120);

        ContentInspection file = INSPECTOR.inspectFile("x.bin", Optional.empty(), garbage);
        ContentInspection message = INSPECTOR.inspectMessage(garbage);
        ContentInspection truncated = INSPECTOR.inspectFile("broken.zip", Optional.of("application/zip"), brokenZip);
        ContentInspection failingStream = INSPECTOR.inspectFile("x.bin", Optional.empty(), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        assertThat(file.parts()).singleElement().satisfies(part -> assertThat(part.family()).isEqualTo(TypeFamily.OTHER));
        assertThat(message.parts()).isNotEmpty();
        assertThat(truncated.isUnscannable()).isTrue();
        assertThat(failingStream.problems()).extracting(ContentProblem::reason).singleElement().asString().contains("connection reset");
    }

    @Test
    void emptyFileShouldBeOneUnknownPart() {
        ContentInspection inspection = INSPECTOR.inspectFile("empty.pdf", Optional.of("application/pdf"), new byte[0]);

        assertThat(inspection.parts()).singleElement().satisfies(part -> {
            assertThat(part.trueType()).isEqualTo("application/octet-stream");
            assertThat(part.size()).isZero();
            assertThat(part.problems()).isEmpty();
        });
    }

    @Test
    void largeEntryShouldBeInspectedFromDiskWhenItOutgrowsTheMemorySpool() throws IOException {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        for (int line = 0; big.size() < 3 * Spool.MEMORY_BYTES; line++) {
            big.write(("line " + line + " of a long text file\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] zip = TestArchives.zip(entries("big.txt", big.toByteArray()));

        ContentInspection inspection = INSPECTOR.inspectFile("big.zip", Optional.empty(), zip);

        InspectedPart entry = part(inspection, "big.zip/big.txt");
        assertThat(entry.size()).isEqualTo(big.size());
        assertThat(entry.text()).startsWith("line 0 of a long text file");
        assertThat(entry.textTruncated()).isTrue();
    }

    /** Sets the compression method of every entry, in its local header and in the central directory. */
    private static byte[] withMethod(byte[] zip, int method) {
        byte[] patched = zip.clone();
        for (int at = 0; at + 12 < patched.length; at++) {
            if (patched[at] == 'P' && patched[at + 1] == 'K' && patched[at + 2] == 3 && patched[at + 3] == 4) {
                patched[at + 8] = (byte) method;
                patched[at + 9] = (byte) (method >> 8);
            } else if (patched[at] == 'P' && patched[at + 1] == 'K' && patched[at + 2] == 1 && patched[at + 3] == 2) {
                patched[at + 10] = (byte) method;
                patched[at + 11] = (byte) (method >> 8);
            }
        }
        return patched;
    }

    @Test
    void inspectFileShouldReportTheFileUnreadableWhenAnEntryNeedsACodecThatIsNotThere() {
        // method 93 is Zstandard: commons-compress reads it only with zstd-jni, which is not on the class path
        // (ContentInspectorFuzzTest found a NoClassDefFoundError escaping the inspection this way)
        byte[] zstd = withMethod(TestArchives.zip(TestArchives.entries("report.txt", "quarterly figures".getBytes(java.nio.charset.StandardCharsets.UTF_8)), true), 93);

        ContentInspection inspection = INSPECTOR.inspectFile("figures.zip", Optional.of("application/zip"), zstd);

        // the inspection fails as a whole (unscannable: the content policy's action for it applies), it does not throw
        assertThat(inspection.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ContentProblem.Kind.UNREADABLE);
            assertThat(problem.reason()).contains("NoClassDefFoundError");
        });
    }
}
