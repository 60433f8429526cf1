package org.gatehouse.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The hot path's copy of data kept in the policy database: loaded on first use, reloaded once older than its
 * maximum age (so that another node's changes arrive) and after every {@link #invalidate()} (so that this node's
 * changes apply to the next message). A snapshot loaded before an invalidation is never served after it.
 */
public final class RefreshingSnapshot<T> {
    private record Loaded<T>(T value, Instant loadedAt, long generation) {
    }

    private final Supplier<T> loader;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private volatile Loaded<T> loaded;

    public RefreshingSnapshot(Supplier<T> loader, Duration maxAge, Clock clock) {
        this.loader = loader;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public T get() {
        Loaded<T> current = loaded;
        Instant now = clock.instant();
        long expected = generation.get();
        if (current == null || current.generation() != expected || current.loadedAt().plus(maxAge).isBefore(now)) {
            current = new Loaded<>(loader.get(), now, expected);
            loaded = current;
        }
        return current.value();
    }

    public void invalidate() {
        generation.incrementAndGet();
    }
}
