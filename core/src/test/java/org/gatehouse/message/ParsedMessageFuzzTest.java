package org.gatehouse.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link ParsedMessage#parse(byte[])} with raw messages (docs/fuzzing.md).
 *
 * <p>Failure means a defect: parse is documented never to throw, so any exception or Error (stack overflow, out of
 * memory) escaping it fails, as does a hang. Invariants checked on every input: every list of the view is present,
 * the readable text is what {@code subjectAndText} is built from, and at most {@value ParsedMessage#MAX_HOPS} hops
 * are read.
 */
class ParsedMessageFuzzTest {
    @Timeout(10)
    @FuzzTest(maxDuration = "25s")
    void parseShouldNeverThrowWhenTheMessageIsHostile(byte[] raw) {
        ParsedMessage message = ParsedMessage.parse(raw);

        assertThat(message.headers()).isNotNull();
        assertThat(message.problems()).isNotNull();
        assertThat(message.links()).doesNotContainNull();
        assertThat(message.receivedHops()).hasSizeLessThanOrEqualTo(ParsedMessage.MAX_HOPS);
        assertThat(message.subjectAndText()).isEqualTo(message.subject() + "\n" + message.readableText());
        message.from();
        message.fromDisplayNames();
        message.hasValidMessageId();
        message.date();
    }
}
