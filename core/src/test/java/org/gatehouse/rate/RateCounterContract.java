package org.gatehouse.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** What every {@link RateCounter} guarantees; run against memory, Derby and PostgreSQL. */
public interface RateCounterContract {
    Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    RateLimit THREE_PER_30_MINUTES = new RateLimit(3, Duration.ofMinutes(30));

    RateCounter counter();

    @Test
    default void tryAcquireShouldAllowUpToTheLimitWithinTheWindow() {
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0)).isTrue();
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(60))).isTrue();
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(120))).isTrue();

        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(180))).isFalse();
    }

    @Test
    default void tryAcquireShouldAllowAgainWhenTheOldestMessageLeavesTheSlidingWindow() {
        counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0);
        counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(600));
        counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1200));

        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1799))).isFalse();
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1800))).isTrue();
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1801))).isFalse();
        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(2400))).isTrue();
    }

    @Test
    default void tryAcquireShouldNotCountRefusedAttempts() {
        for (int i = 0; i < 3; i++) {
            counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0);
        }
        for (int i = 0; i < 10; i++) {
            counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1000));
        }

        assertThat(counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0.plusSeconds(1800))).isTrue();
    }

    @Test
    default void tryAcquireShouldCountEachKeyApart() {
        for (int i = 0; i < 3; i++) {
            counter().tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0);
        }

        assertThat(counter().tryAcquire("in|192.0.2.2", THREE_PER_30_MINUTES, T0)).isTrue();
        assertThat(counter().tryAcquire("out|192.0.2.1", THREE_PER_30_MINUTES, T0)).isTrue();
    }

    @Test
    default void tryAcquireShouldNeverAllowMoreThanTheLimitUnderConcurrency() throws Exception {
        RateLimit ten = new RateLimit(10, Duration.ofMinutes(30));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(executor.submit(() -> counter().tryAcquire("in|198.51.100.7", ten, T0)));
            }
            long allowed = 0;
            for (Future<Boolean> result : results) {
                allowed += result.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
        } finally {
            executor.shutdownNow();
        }
    }
}
