package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes content inspection (docs/fuzzing.md): {@link ContentInspector#inspectMessage(byte[])} with raw messages and
 * {@link ContentInspector#inspectFile} with attachment bytes (archives, compressed streams, documents).
 *
 * <p>Failure means a defect. An inspection is documented never to throw: a hostile or broken part ends as a problem
 * (unreadable, limit exceeded) of the inspection, so any exception or Error escaping it fails (out of memory included:
 * the bounds are there to keep memory small), as does a hang (Jazzer's per-input timeout, well above the
 * {@link ContentLimits#maxDuration() time bound}). Invariants checked on every input: no part lies deeper than
 * {@link ContentLimits#maxDepth()}, no part keeps more than {@link ContentLimits#maxTextChars()} characters of text, and
 * no more than {@link ContentLimits#maxExpandedBytes()} bytes were expanded.
 */
class ContentInspectorFuzzTest {
    private static final ContentInspector INSPECTOR = ContentInspector.withDefaults();

    @Timeout(30)
    @FuzzTest(maxDuration = "25s")
    void inspectMessageShouldNeverThrowWhenTheMessageIsHostile(byte[] raw) {
        assertWithinBounds(INSPECTOR.inspectMessage(raw));
    }

    @Timeout(30)
    @FuzzTest(maxDuration = "25s")
    void inspectFileShouldNeverThrowWhenTheAttachmentIsHostile(byte[] content) {
        assertWithinBounds(INSPECTOR.inspectFile("attachment.bin", Optional.empty(), content));
    }

    private static void assertWithinBounds(ContentInspection inspection) {
        ContentLimits limits = INSPECTOR.limits();
        assertThat(inspection.parts()).allSatisfy(part -> {
            assertThat(part.depth()).isLessThanOrEqualTo(limits.maxDepth());
            assertThat(part.text().length()).isLessThanOrEqualTo(limits.maxTextChars());
        });
        assertThat(inspection.expandedBytes()).isLessThanOrEqualTo(limits.maxExpandedBytes());
        assertThat(inspection.findings()).isNotNull();
    }
}
