package org.gatehouse.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class InMemoryRateCounterTest implements RateCounterContract {
    private final InMemoryRateCounter counter = new InMemoryRateCounter();

    @Override
    public RateCounter counter() {
        return counter;
    }

    @Test
    void evictIdleShouldDropTheKeysWhoseMessagesLeftTheWindow() {
        counter.tryAcquire("in|192.0.2.1", THREE_PER_30_MINUTES, T0);
        counter.tryAcquire("in|192.0.2.2", THREE_PER_30_MINUTES, T0.plusSeconds(1000));

        counter.evictIdle(Duration.ofMinutes(30), T0.plusSeconds(1800));

        assertThat(counter.keys()).isEqualTo(1);
    }
}
