package org.gatehouse.scoring.external;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external engine (spamd, rspamd) as one more scoring signal: its score mapped to a Gatehouse contribution
 * ({@code SPAMD_SCORE}, {@code RSPAMD_SCORE}) with its top rules in the reason. Its failure never blocks mail: an
 * engine that is down, slow or answers nonsense gives {@code SPAMD_ERROR} / {@code RSPAMD_ERROR} with score 0 and a
 * WARN log line; a message over the size limit is not sent ({@code SPAMD_SKIPPED} / {@code RSPAMD_SKIPPED}).
 */
public final class ExternalEngineContributor implements ScoreContributor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExternalEngineContributor.class);
    /** How many engine rules a reason names. */
    static final int REASON_SYMBOLS = 10;

    private final ExternalEngine engine;
    private final EngineClient client;
    private final String endpoint;
    private final Duration timeout;
    private final int maxSize;
    private final EngineScoreMapping mapping;
    private final GatehouseMetrics metrics;
    private final Clock clock;

    ExternalEngineContributor(ExternalEngine engine, EngineClient client, String endpoint, Duration timeout, int maxSize,
                              EngineScoreMapping mapping) {
        this(engine, client, endpoint, timeout, maxSize, mapping, GatehouseMetrics.none(), Clock.systemUTC());
    }

    ExternalEngineContributor(ExternalEngine engine, EngineClient client, String endpoint, Duration timeout, int maxSize,
                              EngineScoreMapping mapping, GatehouseMetrics metrics, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.client = Objects.requireNonNull(client);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.timeout = Objects.requireNonNull(timeout);
        this.maxSize = maxSize;
        this.mapping = Objects.requireNonNull(mapping);
        this.metrics = Objects.requireNonNull(metrics);
        this.clock = Objects.requireNonNull(clock);
    }

    public static ExternalEngineContributor spamd(SpamdSettings settings) {
        return spamd(settings, GatehouseMetrics.none());
    }

    /** Each call timed, and the engine's state kept, in {@code metrics} (docs/monitoring.md). */
    public static ExternalEngineContributor spamd(SpamdSettings settings, GatehouseMetrics metrics) {
        return new ExternalEngineContributor(ExternalEngine.SPAMD, new SpamdClient(settings), settings.address(), settings.timeout(),
            settings.maxSize(), settings.mapping(), metrics, Clock.systemUTC());
    }

    public static ExternalEngineContributor rspamd(RspamdSettings settings) {
        return rspamd(settings, GatehouseMetrics.none());
    }

    public static ExternalEngineContributor rspamd(RspamdSettings settings, GatehouseMetrics metrics) {
        return new ExternalEngineContributor(ExternalEngine.RSPAMD, new RspamdClient(settings), settings.url().toString(),
            settings.timeout(), settings.maxSize(), settings.mapping(), metrics, Clock.systemUTC());
    }

    /** Where the engine is asked, for people: {@code 127.0.0.1:783}, {@code http://127.0.0.1:11333/}. */
    public String endpoint() {
        return endpoint;
    }

    public ExternalEngine engine() {
        return engine;
    }

    @Override
    public boolean dependsOnTenant() {
        return false;
    }

    @Override
    public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
        if (raw.length > maxSize) {
            return List.of(Finding.of(engine.skippedRule(), engine.check(), "skipped",
                "not sent to " + engine.check() + ": " + raw.length + " bytes, over its limit of " + maxSize));
        }
        Instant start = clock.instant();
        try {
            Finding scored = scored(client.check(raw, parsed));
            metrics.engineCall(engine.check(), Duration.between(start, clock.instant()), true);
            return List.of(scored);
        } catch (IOException | RuntimeException e) {
            metrics.engineCall(engine.check(), Duration.between(start, clock.instant()), false);
            String reason = failure(e);
            String cause = e instanceof EngineReplyException ? "" : " (" + String.valueOf(e).replaceAll("[\\r\\n]+", " ") + ")";
            LOGGER.warn("{} at {} gave no verdict for tenant {}, scoring without it: {}{}", engine.check(), endpoint, tenant.asString(),
                reason, cause);
            return List.of(Finding.of(engine.errorRule(), engine.check(), "error", reason));
        }
    }

    private Finding scored(EngineVerdict verdict) {
        String reason = engine.check() + " score " + number(verdict.score()) + " (required " + number(verdict.requiredScore())
            + ")" + topSymbols(verdict.symbols());
        return Finding.of(engine.scoreRule(), engine.check(), verdict.result(), reason).withScore(mapping.contribution(verdict.score()));
    }

    private static String topSymbols(List<String> symbols) {
        if (symbols.isEmpty()) {
            return "";
        }
        String named = symbols.stream().limit(REASON_SYMBOLS).collect(Collectors.joining(", ", ": ", ""));
        return symbols.size() > REASON_SYMBOLS ? named + " and " + (symbols.size() - REASON_SYMBOLS) + " more" : named;
    }

    /** The reason a person reads: Gatehouse's own words, never the engine's text. */
    private String failure(Exception e) {
        String name = engine.check();
        if (e instanceof EngineReplyException) {
            return e.getMessage();
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            return name + " did not answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return name + " refused the connection or cannot be reached";
        }
        if (e instanceof UnknownHostException) {
            return name + "'s host name does not resolve";
        }
        if (e instanceof IOException) {
            return name + " could not be asked: " + e.getClass().getSimpleName();
        }
        return name + " could not be asked: internal error " + e.getClass().getSimpleName();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
