package org.gatehouse.reports;

import java.time.Instant;
import java.util.List;

import com.google.common.collect.ImmutableList;

/**
 * The items with the most messages in a range, most first (ties by item). Counts come from daily top lists that keep
 * {@link #KEPT_PER_DAY} items each: an item outside a day's list is not counted for that day.
 */
public record TopReport(Instant from, Instant to, TopDimension by, ImmutableList<Entry> entries) {
    public static final int KEPT_PER_DAY = 100;

    public record Entry(String item, long messages) {
    }

    public TopReport(Instant from, Instant to, TopDimension by, List<Entry> entries) {
        this(from, to, by, ImmutableList.copyOf(entries));
    }
}
