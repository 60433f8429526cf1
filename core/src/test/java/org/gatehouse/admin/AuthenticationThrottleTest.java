package org.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.Test;

class AuthenticationThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(clock, 5, Duration.ofMinutes(10), Duration.ofMinutes(15), 1000);

    @Test
    void failureShouldLockTheIpOutAtTheLimitAndSayItOnce() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failure("192.0.2.1", Optional.empty())).isEmpty();
        }
        assertThat(throttle.lockedUntil("192.0.2.1", Optional.empty())).isEmpty();

        assertThat(throttle.failure("192.0.2.1", Optional.empty()))
            .containsExactly(new AuthenticationThrottle.Lockout(AuthenticationThrottle.Kind.CLIENT_IP, "192.0.2.1", T0.plus(Duration.ofMinutes(15))));
        assertThat(throttle.failure("192.0.2.1", Optional.empty())).isEmpty();

        assertThat(throttle.lockedUntil("192.0.2.1", Optional.of("alice"))).contains(T0.plus(Duration.ofMinutes(15)));
        assertThat(throttle.lockedUntil("192.0.2.2", Optional.of("alice"))).isEmpty();
    }

    @Test
    void lockedUntilShouldEndWithTheLockout() {
        for (int i = 0; i < 5; i++) {
            throttle.failure("192.0.2.1", Optional.empty());
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(throttle.lockedUntil("192.0.2.1", Optional.empty())).isEmpty();
    }

    @Test
    void failureShouldLockTheAccountWhateverTheIp() {
        for (int i = 0; i < 5; i++) {
            throttle.failure("192.0.2." + i, Optional.of("alice"));
        }

        assertThat(throttle.lockedUntil("198.51.100.7", Optional.of("alice"))).contains(T0.plus(Duration.ofMinutes(15)));
        assertThat(throttle.lockedUntil("198.51.100.7", Optional.of("bob"))).isEmpty();
    }

    @Test
    void failureShouldCountAgainWhenTheWindowHasPassed() {
        for (int i = 0; i < 4; i++) {
            throttle.failure("192.0.2.1", Optional.empty());
        }
        clock.advance(Duration.ofMinutes(11));

        assertThat(throttle.failure("192.0.2.1", Optional.empty())).isEmpty();
        assertThat(throttle.lockedUntil("192.0.2.1", Optional.empty())).isEmpty();
    }

    @Test
    void successShouldClearTheAccountCountButNotALockout() {
        for (int i = 0; i < 4; i++) {
            throttle.failure("192.0.2." + i, Optional.of("alice"));
        }
        throttle.success("alice");
        assertThat(throttle.failure("192.0.2.9", Optional.of("alice"))).isEmpty();

        for (int i = 0; i < 4; i++) {
            throttle.failure("192.0.2." + (20 + i), Optional.of("alice"));
        }
        throttle.success("alice");
        assertThat(throttle.lockedUntil("192.0.2.99", Optional.of("alice"))).isPresent();
    }

    @Test
    void recordRefusalShouldRecordOneRefusalPerMinuteOfALockout() {
        assertThat(throttle.recordRefusal("192.0.2.1")).isTrue();
        assertThat(throttle.recordRefusal("192.0.2.1")).isTrue();
        for (int i = 0; i < 5; i++) {
            throttle.failure("192.0.2.1", Optional.empty());
        }

        assertThat(throttle.recordRefusal("192.0.2.1")).isTrue();
        assertThat(throttle.recordRefusal("192.0.2.1")).isFalse();
        assertThat(throttle.recordRefusal("192.0.2.2")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.recordRefusal("192.0.2.1")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.recordRefusal("192.0.2.1")).isTrue();
        assertThat(throttle.recordRefusal("192.0.2.1")).isFalse();
    }
}
