package org.gatehouse.reports;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * Counts of every {@link Outcome} per period from {@code from} (inclusive) to {@code to} (exclusive), with totals.
 * Periods without mail are in the series with zero counts.
 */
public record SummaryReport(Instant from, Instant to, Granularity granularity, ImmutableList<Bucket> series) {
    /** One period of the series: its start and the count of each outcome (every outcome present, zero or more). */
    public record Bucket(Instant start, ImmutableMap<Outcome, Long> counts) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long count(Outcome outcome) {
            return counts.getOrDefault(outcome, 0L);
        }
    }

    public SummaryReport(Instant from, Instant to, Granularity granularity, List<Bucket> series) {
        this(from, to, granularity, ImmutableList.copyOf(series));
    }

    /** The count of each outcome over the whole range. */
    public ImmutableMap<Outcome, Long> totals() {
        Map<Outcome, Long> totals = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            totals.put(outcome, series.stream().mapToLong(bucket -> bucket.count(outcome)).sum());
        }
        return ImmutableMap.copyOf(totals);
    }

    public long total() {
        return series.stream().mapToLong(Bucket::total).sum();
    }

    /** Each outcome's share of the total (0 when there was no mail). */
    public ImmutableMap<Outcome, Double> rates() {
        long total = total();
        Map<Outcome, Double> rates = new EnumMap<>(Outcome.class);
        totals().forEach((outcome, count) -> rates.put(outcome, total == 0 ? 0.0 : (double) count / total));
        return ImmutableMap.copyOf(rates);
    }
}
