package org.gatehouse.content;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds one content inspection stays within, so that an archive bomb, a recursive archive or a slow document
 * costs a bounded amount of memory, disk and time and ends as an "unscannable" finding instead of a crash.
 * The option names are the component names; docs/content.md lists them with their defaults.
 *
 * @param maxDepth nesting levels unpacked below a message's own parts (an archive in an archive is depth 2)
 * @param maxEntries archive entries and nested-message parts unpacked in one inspection, all levels together
 * @param maxExpandedBytes bytes written out of archives and compressed streams in one inspection, every layer counted
 * @param maxCompressionRatio uncompressed size over compressed size of one entry, judged once the entry passes
 *     {@link #RATIO_GRACE_BYTES} (a small file of zeros legitimately compresses a thousandfold)
 * @param maxDuration wall time of one inspection
 * @param maxTextChars characters of text kept per part (the rest is cut; the part says so)
 * @param maxTotalTextChars characters of text kept over all the parts of one inspection
 * @param maxDecoderMemoryKib memory an LZMA, xz or LZW decoder may ask for, as its stream header declares
 */
public record ContentLimits(int maxDepth, int maxEntries, long maxExpandedBytes, int maxCompressionRatio,
                            Duration maxDuration, int maxTextChars, int maxTotalTextChars, int maxDecoderMemoryKib) {
    /** Entries smaller than this are never judged by their compression ratio. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    private static final ContentLimits DEFAULTS =
            new ContentLimits(5, 1000, 100L << 20, 100, Duration.ofSeconds(10), 100_000, 1_000_000, 64 << 10);

    public ContentLimits {
        Objects.requireNonNull(maxDuration);
        positive("maxDepth", maxDepth);
        positive("maxEntries", maxEntries);
        positive("maxExpandedBytes", maxExpandedBytes);
        positive("maxCompressionRatio", maxCompressionRatio);
        positive("maxTextChars", maxTextChars);
        positive("maxTotalTextChars", maxTotalTextChars);
        positive("maxDecoderMemoryKib", maxDecoderMemoryKib);
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
        }
    }

    /** Depth 5, 1000 entries, 100 MiB expanded, ratio 100, 10 s, 100,000 characters a part, 1,000,000 in all, 64 MiB decoders. */
    /**
     * Bytes unpacked from containers the virus scanner cannot open (lz4, snappy, .Z, lzma, ar) kept per message for it
     * to scan; beyond this the message is unscannable.
     */
    public static final long MAX_OPAQUE_PAYLOAD_BYTES = 25L << 20;

    public static ContentLimits defaults() {
        return DEFAULTS;
    }

    public ContentLimits withMaxDepth(int value) {
        return new ContentLimits(value, maxEntries, maxExpandedBytes, maxCompressionRatio, maxDuration, maxTextChars,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxEntries(int value) {
        return new ContentLimits(maxDepth, value, maxExpandedBytes, maxCompressionRatio, maxDuration, maxTextChars,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxExpandedBytes(long value) {
        return new ContentLimits(maxDepth, maxEntries, value, maxCompressionRatio, maxDuration, maxTextChars,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxCompressionRatio(int value) {
        return new ContentLimits(maxDepth, maxEntries, maxExpandedBytes, value, maxDuration, maxTextChars,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxDuration(Duration value) {
        return new ContentLimits(maxDepth, maxEntries, maxExpandedBytes, maxCompressionRatio, value, maxTextChars,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxTextChars(int value) {
        return new ContentLimits(maxDepth, maxEntries, maxExpandedBytes, maxCompressionRatio, maxDuration, value,
                maxTotalTextChars, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxTotalTextChars(int value) {
        return new ContentLimits(maxDepth, maxEntries, maxExpandedBytes, maxCompressionRatio, maxDuration, maxTextChars,
                value, maxDecoderMemoryKib);
    }

    public ContentLimits withMaxDecoderMemoryKib(int value) {
        return new ContentLimits(maxDepth, maxEntries, maxExpandedBytes, maxCompressionRatio, maxDuration, maxTextChars,
                maxTotalTextChars, value);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
