package org.gatehouse.rate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sliding windows in this JVM: per key, the instants of the messages still inside its window (at most the limit's
 * count of them). A key is dropped when its window empties at its next use, and every few thousand calls the keys
 * idle for the longest possible window are swept, so memory follows the active clients.
 */
public class InMemoryRateCounter implements RateCounter {
    private static final long EVICT_EVERY = 4096;

    private final ConcurrentMap<String, Deque<Instant>> windows = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    @Override
    public boolean tryAcquire(String key, RateLimit limit, Instant now) {
        if (calls.incrementAndGet() % EVICT_EVERY == 0) {
            evictIdle(RateLimit.MAX_WINDOW, now);
        }
        boolean[] acquired = new boolean[1];
        windows.compute(key, (any, existing) -> {
            Deque<Instant> events = existing == null ? new ArrayDeque<>() : existing;
            expire(events, limit.window(), now);
            if (events.size() < limit.messages()) {
                events.addLast(now);
                acquired[0] = true;
            }
            return events.isEmpty() ? null : events;
        });
        return acquired[0];
    }

    /** Drops every key whose messages are all older than {@code longestWindow} (a periodic clean-up). */
    public void evictIdle(Duration longestWindow, Instant now) {
        windows.keySet().forEach(key -> windows.computeIfPresent(key, (any, events) -> {
            expire(events, longestWindow, now);
            return events.isEmpty() ? null : events;
        }));
    }

    int keys() {
        return windows.size();
    }

    private static void expire(Deque<Instant> events, Duration window, Instant now) {
        Instant start = now.minus(window);
        while (!events.isEmpty() && !events.peekFirst().isAfter(start)) {
            events.removeFirst();
        }
    }
}
