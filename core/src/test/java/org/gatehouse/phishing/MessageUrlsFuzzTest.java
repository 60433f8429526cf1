package org.gatehouse.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes URL extraction (docs/fuzzing.md): {@link MessageUrls#extract} over a parsed raw message and
 * {@link MessageUrls#inText} over the same bytes read as UTF-8 text.
 *
 * <p>Failure means a defect: extraction has no "bad input" exception (what is not a URL is left out), so any exception
 * or Error escaping it fails, as does a hang. Invariants checked on every input: at most {@value MessageUrls#MAX_URLS}
 * URLs, each kept once (distinct identities), at most {@value ExtractedUrl#MAX_RAW_CHARS} characters each, only web,
 * data and script schemes, and a registrable domain can be asked of every one.
 */
class MessageUrlsFuzzTest {
    private static final Set<String> SCHEMES = Set.of("http", "https", "ftp", "data", "javascript", "vbscript");

    @Timeout(10)
    @FuzzTest(maxDuration = "25s")
    void extractShouldNeverThrowWhenTheMessageIsHostile(byte[] raw) {
        assertWellFormed(MessageUrls.extract(ParsedMessage.parse(raw)));
        assertWellFormed(MessageUrls.inText(new String(raw, StandardCharsets.UTF_8)));
    }

    private static void assertWellFormed(List<ExtractedUrl> urls) {
        assertThat(urls).hasSizeLessThanOrEqualTo(MessageUrls.MAX_URLS);
        assertThat(urls).extracting(ExtractedUrl::identity).doesNotHaveDuplicates();
        assertThat(urls).allSatisfy(url -> {
            assertThat(url.raw().length()).isLessThanOrEqualTo(ExtractedUrl.MAX_RAW_CHARS);
            assertThat(url.scheme()).isIn(SCHEMES);
            assertThat(url.registrableDomain()).isNotNull();
        });
    }
}
