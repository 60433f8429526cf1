package org.gatehouse.scoring.external;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.common.base.Preconditions;
import com.google.common.net.HostAndPort;

/**
 * Where and how to ask SpamAssassin's spamd (SPAMC/1.5 over TCP), and how its score maps to Gatehouse's.
 *
 * @param host spamd's host name or address
 * @param port spamd's TCP port
 * @param connectTimeout how long connecting may take
 * @param timeout how long the whole exchange (connect, send, answer) may take; the contributor never waits longer
 * @param maxSize messages larger than this many bytes are not sent (finding {@code SPAMD_SKIPPED})
 * @param user the {@code User:} spamd scans as (its per-user preferences), when set
 * @param mapping engine score to Gatehouse contribution
 */
public record SpamdSettings(String host, int port, Duration connectTimeout, Duration timeout, int maxSize, Optional<String> user,
                            EngineScoreMapping mapping) {
    public static final int DEFAULT_PORT = 783;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** spamc's own default limit (500 KB). */
    public static final int DEFAULT_MAX_SIZE = 500 * 1024;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    public SpamdSettings {
        Preconditions.checkArgument(host != null && !host.isBlank(), "spamd host is required");
        Preconditions.checkArgument(port > 0 && port < 65536, "spamd port must be from 1 to 65535, got %s", port);
        Preconditions.checkArgument(isPositive(connectTimeout), "spamd connect timeout must be positive");
        Preconditions.checkArgument(isPositive(timeout), "spamd timeout must be positive");
        Preconditions.checkArgument(maxSize > 0, "spamd max size must be positive, got %s", maxSize);
        Objects.requireNonNull(user);
        user.ifPresent(name -> Preconditions.checkArgument(USER.matcher(name).matches(),
            "spamd user must be 1 to 128 of letters, digits and . _ @ + -"));
        Objects.requireNonNull(mapping);
    }

    /** {@code host:port} ({@code [v6]:port}; port 783 when absent) with every other setting at its default. */
    public static SpamdSettings forAddress(String address) {
        HostAndPort parsed = HostAndPort.fromString(address.trim()).withDefaultPort(DEFAULT_PORT);
        return new SpamdSettings(parsed.getHost(), parsed.getPort(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_MAX_SIZE,
            Optional.empty(), EngineScoreMapping.SPAMD_DEFAULT);
    }

    public SpamdSettings withTimeouts(Duration connect, Duration total) {
        return new SpamdSettings(host, port, connect, total, maxSize, user, mapping);
    }

    public SpamdSettings withMaxSize(int bytes) {
        return new SpamdSettings(host, port, connectTimeout, timeout, bytes, user, mapping);
    }

    public SpamdSettings withUser(String name) {
        return new SpamdSettings(host, port, connectTimeout, timeout, maxSize, Optional.of(name), mapping);
    }

    public SpamdSettings withMapping(EngineScoreMapping scoreMapping) {
        return new SpamdSettings(host, port, connectTimeout, timeout, maxSize, user, scoreMapping);
    }

    /** {@code host:port}, for logs. */
    public String address() {
        return HostAndPort.fromParts(host, port).toString();
    }

    static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
