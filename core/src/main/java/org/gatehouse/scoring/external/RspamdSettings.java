package org.gatehouse.scoring.external;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.google.common.base.Preconditions;

/**
 * Where and how to ask rspamd (HTTP {@code POST <url>/checkv2} to its normal worker or proxy), and how its score
 * maps to Gatehouse's.
 *
 * @param url the worker's base URL, e.g. {@code http://127.0.0.1:11333}
 * @param password sent as the {@code Password} header, when set (needed by a controller or a protected proxy)
 * @param connectTimeout how long connecting may take
 * @param timeout how long the whole request may take; the contributor never waits longer
 * @param maxSize messages larger than this many bytes are not sent (finding {@code RSPAMD_SKIPPED})
 * @param mapping engine score to Gatehouse contribution
 */
public record RspamdSettings(URI url, Optional<String> password, Duration connectTimeout, Duration timeout, int maxSize,
                             EngineScoreMapping mapping) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_SIZE = 500 * 1024;

    public RspamdSettings {
        Objects.requireNonNull(url);
        Preconditions.checkArgument(("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null,
            "rspamd url must be an http or https URL with a host, got %s", url);
        Objects.requireNonNull(password);
        password.ifPresent(secret -> Preconditions.checkArgument(secret.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
            "rspamd password must not contain control characters"));
        Preconditions.checkArgument(SpamdSettings.isPositive(connectTimeout), "rspamd connect timeout must be positive");
        Preconditions.checkArgument(SpamdSettings.isPositive(timeout), "rspamd timeout must be positive");
        Preconditions.checkArgument(maxSize > 0, "rspamd max size must be positive, got %s", maxSize);
        Objects.requireNonNull(mapping);
    }

    /** The base URL with every other setting at its default. */
    public static RspamdSettings forUrl(String url) {
        return new RspamdSettings(URI.create(url.trim()), Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
            DEFAULT_MAX_SIZE, EngineScoreMapping.RSPAMD_DEFAULT);
    }

    public RspamdSettings withPassword(String secret) {
        return new RspamdSettings(url, Optional.of(secret), connectTimeout, timeout, maxSize, mapping);
    }

    public RspamdSettings withTimeouts(Duration connect, Duration total) {
        return new RspamdSettings(url, password, connect, total, maxSize, mapping);
    }

    public RspamdSettings withMaxSize(int bytes) {
        return new RspamdSettings(url, password, connectTimeout, timeout, bytes, mapping);
    }

    public RspamdSettings withMapping(EngineScoreMapping scoreMapping) {
        return new RspamdSettings(url, password, connectTimeout, timeout, maxSize, scoreMapping);
    }

    /** {@code <url>/checkv2}. */
    public URI checkUri() {
        String base = url.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/checkv2");
    }

    @Override
    public String toString() {
        return "RspamdSettings[url=" + url + ", password=" + password.map(secret -> "***").orElse("none") + ", connectTimeout="
            + connectTimeout + ", timeout=" + timeout + ", maxSize=" + maxSize + ", mapping=" + mapping + "]";
    }
}
