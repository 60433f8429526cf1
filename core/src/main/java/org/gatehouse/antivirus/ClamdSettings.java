package org.gatehouse.antivirus;

import java.time.Duration;
import java.util.Objects;

import com.google.common.base.Preconditions;

/**
 * How to ask one clamd: where, and how long connecting and a whole exchange (connect, send, answer) may take. A
 * {@link ClamdClient} never waits longer than {@code timeout}.
 */
public record ClamdSettings(ClamdAddress address, Duration connectTimeout, Duration timeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ClamdSettings {
        Objects.requireNonNull(address);
        Preconditions.checkArgument(isPositive(connectTimeout), "clamd connect timeout must be positive");
        Preconditions.checkArgument(isPositive(timeout), "clamd timeout must be positive");
    }

    /** {@link ClamdAddress#parse(String) tcp:// or unix://} with the default timeouts. */
    public static ClamdSettings forAddress(String address) {
        return new ClamdSettings(ClamdAddress.parse(address), DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public ClamdSettings withTimeouts(Duration connect, Duration total) {
        return new ClamdSettings(address, connect, total);
    }

    static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
