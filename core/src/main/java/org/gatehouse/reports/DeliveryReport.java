package org.gatehouse.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fast delivered mail went through: from receipt to the downstream server's 250. Delays are kept in buckets
 * ({@link DelayBuckets}), so a percentile is the upper bound of the bucket it falls in ("95 % within 5 s").
 *
 * @param delivered how many messages were delivered in the range (by time of receipt)
 * @param withinTarget how many of them were delivered within {@code target}
 */
public record DeliveryReport(Instant from, Instant to, long delivered, Optional<Duration> p50, Optional<Duration> p95,
                             Optional<Duration> p99, Duration target, long withinTarget) {
    public static final Duration DEFAULT_TARGET = Duration.ofSeconds(120);

    /** The share of delivered mail within the target, 1 when nothing was delivered. */
    public double withinTargetShare() {
        return delivered == 0 ? 1.0 : (double) withinTarget / delivered;
    }
}
