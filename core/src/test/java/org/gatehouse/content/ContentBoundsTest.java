package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.content.ContentInspectorTest.part;
import static org.gatehouse.content.TestArchives.entries;
import static org.gatehouse.content.TestArchives.text;
import static org.gatehouse.content.TestArchives.zeros;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

/** Each bound of {@link ContentLimits}: hit, it makes the content unscannable with the reason, and nothing throws. */
class ContentBoundsTest {
    private static ContentInspection inspect(ContentLimits limits, String name, byte[] content) {
        return new ContentInspector(limits).inspectFile(name, Optional.empty(), content);
    }

    private static byte[] nestedZips(int levels) {
        byte[] content = TestArchives.zip(entries("core.txt", text("the innermost text")));
        for (int level = levels - 1; level >= 1; level--) {
            content = TestArchives.zip(entries("level" + (level + 1) + ".zip", content));
        }
        return content;
    }

    /** A PDF of many pages of text, each page a few thousand characters. */
    private static byte[] longPdf(int pages) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.font.PDType1Font font =
                    new org.apache.pdfbox.pdmodel.font.PDType1Font(org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
                document.addPage(page);
                try (org.apache.pdfbox.pdmodel.PDPageContentStream stream = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                    stream.beginText();
                    stream.setFont(font, 9);
                    stream.newLineAtOffset(40, 750);
                    for (int line = 0; line < 60; line++) {
                        stream.showText("page " + p + " line " + line + " quarterly report shipment invoice delivery schedule");
                        stream.newLineAtOffset(0, -11);
                    }
                    stream.endText();
                }
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static long cpuNanos(Runnable work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        work.run();
        return threads.getCurrentThreadCpuTime() - start;
    }

    @Test
    void textBoundShouldStopParsingAPdfWhenItIsReached() throws java.io.IOException {
        // about CPU, not memory: not in the content-small-heap run, where its garbage would crowd the 7z test's encoder
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("gatehouse.content.smallHeap"));
        byte[] pdf = longPdf(100);
        ContentLimits whole = ContentLimits.defaults().withMaxTextChars(1_000_000).withMaxTotalTextChars(1_000_000);
        ContentLimits small = ContentLimits.defaults().withMaxTextChars(1_000);
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            inspect(whole, "report.pdf", pdf);
            inspect(small, "report.pdf", pdf);
        }

        long wholeCost = cpuNanos(() -> assertThat(part(inspect(whole, "report.pdf", pdf), "report.pdf").text()).contains("page 99 line 59"));
        long smallCost = cpuNanos(() -> {
            InspectedPart part = part(inspect(small, "report.pdf", pdf), "report.pdf");
            assertThat(part.text()).hasSizeLessThanOrEqualTo(1_000).contains("page 0 line 0");
            assertThat(part.textTruncated()).isTrue();
        });

        // the first page is read, not all 100 (before, PDFBox laid out every page whatever the bound)
        assertThat(smallCost).as("CPU at 1,000 characters against the whole text").isLessThan(wholeCost / 5);
    }

    @Test
    void depthBoundShouldStopUnpackingAtTheLevelWhereItIsReached() {
        ContentInspection inspection = inspect(ContentLimits.defaults().withMaxDepth(2), "level1.zip", nestedZips(4));

        assertThat(inspection.parts()).extracting(InspectedPart::path)
                .containsExactly("level1.zip", "level1.zip/level2.zip", "level1.zip/level2.zip/level3.zip");
        InspectedPart deepest = part(inspection, "level1.zip/level2.zip/level3.zip");
        assertThat(deepest.depth()).isEqualTo(2);
        assertThat(deepest.problems()).extracting(ContentProblem::kind).containsExactly(ContentProblem.Kind.LIMIT_EXCEEDED);
        assertThat(inspection.unscannableReasons())
                .containsExactly("level1.zip/level2.zip/level3.zip: nested deeper than 2 levels: not unpacked");
        assertThat(inspection.findings()).extracting(Finding::ruleId).containsExactly("CONTENT_UNSCANNABLE");
    }

    @Test
    void depthBoundShouldLetEverythingThroughWhenTheNestingFits() {
        ContentInspection inspection = inspect(ContentLimits.defaults().withMaxDepth(4), "level1.zip", nestedZips(4));

        assertThat(inspection.isUnscannable()).isFalse();
        assertThat(part(inspection, "level1.zip/level2.zip/level3.zip/level4.zip/core.txt").text()).contains("innermost");
    }

    @Test
    void entryBoundShouldStopTheInspectionWhenAZipListsMoreEntriesThanAllowed() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("file" + i + ".txt", text("entry " + i));
        }

        ContentInspection inspection = inspect(ContentLimits.defaults().withMaxEntries(10), "many.zip", TestArchives.zip(many));

        assertThat(inspection.problems()).extracting(ContentProblem::reason)
                .containsExactly("inspection stopped: zip lists 50 entries; at most 10 archive entries and nested parts");
        assertThat(part(inspection, "many.zip").unscannable()).isTrue();
        assertThat(inspection.parts()).hasSize(1);
    }

    @Test
    void entryBoundShouldStopTheInspectionWhenEntriesAreCountedWhileReading() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("file" + i + ".txt", text("entry " + i));
        }

        ContentInspection inspection = inspect(ContentLimits.defaults().withMaxEntries(10), "many.tar", TestArchives.tar(many));

        assertThat(inspection.problems()).extracting(ContentProblem::reason)
                .containsExactly("inspection stopped: more than 10 archive entries and nested parts");
        assertThat(inspection.parts()).hasSize(11); // the tar and the ten entries read before the bound
        assertThat(part(inspection, "many.tar").problems()).extracting(ContentProblem::reason)
                .containsExactly("more than 10 archive entries and nested parts");
    }

    @Test
    void expandedBytesBoundShouldStopTheInspectionWhenArchivesExpandPastIt() {
        byte[] zip = TestArchives.zip(entries("a.bin", zeros(3 << 20), "b.bin", zeros(3 << 20)));
        ContentLimits limits = ContentLimits.defaults().withMaxExpandedBytes(4 << 20).withMaxCompressionRatio(100_000);

        ContentInspection inspection = inspect(limits, "zeros.zip", zip);

        assertThat(inspection.problems()).extracting(ContentProblem::reason)
                .containsExactly("inspection stopped: more than 4194304 bytes expanded from archives");
        InspectedPart cut = part(inspection, "zeros.zip/b.bin");
        assertThat(cut.size()).isLessThanOrEqualTo((4 << 20) - (3 << 20));
        assertThat(cut.problems()).extracting(ContentProblem::kind).containsExactly(ContentProblem.Kind.LIMIT_EXCEEDED);
        assertThat(inspection.expandedBytes()).isGreaterThan(4 << 20).isLessThan((4 << 20) + 8192);
    }

    @Test
    void ratioBoundShouldEndOnlyTheEntryWhoseCompressionRatioIsTooHigh() {
        byte[] zip = TestArchives.zip(entries("zeros.bin", zeros(8 << 20), "after.txt", text("still read")));

        ContentInspection inspection = inspect(ContentLimits.defaults(), "bomb.zip", zip);

        InspectedPart bomb = part(inspection, "bomb.zip/zeros.bin");
        assertThat(bomb.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ContentProblem.Kind.LIMIT_EXCEEDED);
            assertThat(problem.reason()).startsWith("compression ratio above 100");
        });
        assertThat(bomb.size()).isLessThan(2 << 20);
        assertThat(part(inspection, "bomb.zip/after.txt").text()).contains("still read");
        assertThat(inspection.problems()).isEmpty();
    }

    @Test
    void ratioBoundShouldIgnoreSmallEntriesWhateverTheirRatio() {
        byte[] zip = TestArchives.zip(entries("zeros.bin", zeros(512 << 10)));

        ContentInspection inspection = inspect(ContentLimits.defaults(), "small.zip", zip);

        assertThat(inspection.isUnscannable()).isFalse();
        assertThat(part(inspection, "small.zip/zeros.bin").size()).isEqualTo(512 << 10);
    }

    @Test
    void ratioBoundShouldApplyToCompressedStreamsToo() {
        byte[] gz = TestArchives.gzip(zeros(4 << 20));

        ContentInspection inspection = inspect(ContentLimits.defaults(), "zeros.gz", gz);

        assertThat(part(inspection, "zeros.gz/zeros").problems()).extracting(ContentProblem::reason)
                .singleElement().asString().startsWith("compression ratio above 100");
    }

    @Test
    void timeBoundShouldStopTheInspectionWhenTheDeadlineHasPassed() {
        ContentInspection inspection = inspect(ContentLimits.defaults().withMaxDuration(Duration.ofNanos(1)), "level1.zip", nestedZips(3));

        assertThat(inspection.problems()).extracting(ContentProblem::reason)
                .containsExactly("inspection stopped: inspection took longer than 0 ms");
        assertThat(inspection.isUnscannable()).isTrue();
    }

    @Test
    void decoderMemoryBoundShouldRefuseAStreamWhoseHeaderAsksForMore() {
        byte[] xz = TestArchives.xz(text("small content, big dictionary"), 4 << 20);

        ContentInspection refused = inspect(ContentLimits.defaults().withMaxDecoderMemoryKib(1024), "data.xz", xz);
        ContentInspection accepted = inspect(ContentLimits.defaults(), "data.xz", xz);

        assertThat(refused.unscannableReasons()).singleElement().asString()
                .startsWith("data.xz/data: decoder would need").endsWith("at most 1024 KiB"); // xz reads its header lazily
        assertThat(part(accepted, "data.xz/data").text()).contains("big dictionary");
    }

    @Test
    void textBoundShouldCutEachPartAndTheWholeInspection() {
        byte[] zip = TestArchives.zip(entries("a.txt", text("a".repeat(500)), "b.txt", text("b".repeat(500))));
        ContentLimits limits = ContentLimits.defaults().withMaxTextChars(100).withMaxTotalTextChars(150);

        ContentInspection inspection = inspect(limits, "texts.zip", zip);

        InspectedPart first = part(inspection, "texts.zip/a.txt");
        InspectedPart second = part(inspection, "texts.zip/b.txt");
        assertThat(first.text()).hasSize(100);
        assertThat(first.textTruncated()).isTrue();
        assertThat(second.text()).hasSize(50);
        assertThat(second.textTruncated()).isTrue();
        assertThat(inspection.isUnscannable()).isFalse(); // cut text is not unscanned content
    }
}
