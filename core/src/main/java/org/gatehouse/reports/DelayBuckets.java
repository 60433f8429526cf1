package org.gatehouse.reports;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/**
 * The delivery delay buckets of the rollups: each bucket counts the messages delivered within its upper bound (in
 * seconds) and above the previous one; the last bucket is everything slower than a day. A report's delivery target
 * must be one of the bounds, so the share within it is exact.
 */
public final class DelayBuckets {
    public static final ImmutableList<Long> UPPER_BOUNDS_SECONDS = ImmutableList.of(
        1L, 2L, 5L, 10L, 15L, 30L, 60L, 90L, 120L, 180L, 300L, 600L, 900L, 1800L, 3600L, 7200L, 14400L, 43200L, 86400L);
    /** The index of the bucket of everything slower than the last bound. */
    public static final int OVERFLOW = UPPER_BOUNDS_SECONDS.size();

    private DelayBuckets() {
    }

    /** The bucket a delay falls in (a delay of exactly a bound is in that bound's bucket). */
    public static int bucketOf(Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        for (int bucket = 0; bucket < UPPER_BOUNDS_SECONDS.size(); bucket++) {
            if (millis <= UPPER_BOUNDS_SECONDS.get(bucket) * 1000) {
                return bucket;
            }
        }
        return OVERFLOW;
    }

    /** The bucket's upper bound; empty for the overflow bucket. */
    public static Optional<Duration> upperBound(int bucket) {
        return bucket < UPPER_BOUNDS_SECONDS.size() ? Optional.of(Duration.ofSeconds(UPPER_BOUNDS_SECONDS.get(bucket)))
            : Optional.empty();
    }

    /** Whether a target is one of the bounds. */
    public static boolean isBound(Duration target) {
        return target.toMillis() % 1000 == 0 && UPPER_BOUNDS_SECONDS.contains(target.toSeconds());
    }

    /**
     * The upper bound of the bucket holding the given quantile of these counts (one per bucket); empty when there is
     * nothing counted, or when the quantile is in the overflow bucket.
     */
    public static Optional<Duration> quantile(List<Long> counts, double quantile) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Optional.empty();
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int bucket = 0; bucket < counts.size(); bucket++) {
            seen += counts.get(bucket);
            if (seen >= Math.max(1, rank)) {
                return upperBound(bucket);
            }
        }
        return Optional.empty();
    }
}
