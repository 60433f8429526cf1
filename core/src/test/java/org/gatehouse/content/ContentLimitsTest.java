package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ContentLimitsTest {
    @Test
    void defaultsShouldBeTheDocumentedValues() {
        ContentLimits limits = ContentLimits.defaults();

        assertThat(limits.maxDepth()).isEqualTo(5);
        assertThat(limits.maxEntries()).isEqualTo(1000);
        assertThat(limits.maxExpandedBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(limits.maxCompressionRatio()).isEqualTo(100);
        assertThat(limits.maxDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.maxTextChars()).isEqualTo(100_000);
        assertThat(limits.maxTotalTextChars()).isEqualTo(1_000_000);
        assertThat(limits.maxDecoderMemoryKib()).isEqualTo(65_536);
    }

    @Test
    void withersShouldChangeOnlyTheirOwnBound() {
        ContentLimits limits = ContentLimits.defaults().withMaxDepth(2).withMaxEntries(7);

        assertThat(limits.maxDepth()).isEqualTo(2);
        assertThat(limits.maxEntries()).isEqualTo(7);
        assertThat(limits.withMaxDepth(5).withMaxEntries(1000)).isEqualTo(ContentLimits.defaults());
    }

    @Test
    void constructorShouldRefuseBoundsThatAreNotPositive() {
        assertThatThrownBy(() -> ContentLimits.defaults().withMaxDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> ContentLimits.defaults().withMaxExpandedBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxExpandedBytes");
        assertThatThrownBy(() -> ContentLimits.defaults().withMaxDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDuration");
    }
}
