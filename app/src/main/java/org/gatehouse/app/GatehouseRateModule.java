package org.gatehouse.app;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Singleton;

import org.gatehouse.messagelog.JdbcRateLimitedAttempts;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.rate.InMemoryRateCounter;
import org.gatehouse.rate.JdbcRateCounter;
import org.gatehouse.rate.RateControl;
import org.gatehouse.rate.RateCounter;
import org.gatehouse.rate.RateLimit;
import org.gatehouse.rate.RateSettings;
import org.gatehouse.store.Database;
import org.gatehouse.validation.InvalidFieldException;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * Rate control (conf/gatehouse.properties): the operator's per-IP limits {@code rate.inbound.messages} /
 * {@code rate.inbound.window} and {@code rate.outbound.*} (0 or empty = none), {@code rate.exempt},
 * {@code rate.maxConnectionsPerIp}, and where the counters live: {@code rate.store=memory} (this node) or
 * {@code database} (the Gatehouse database, shared by every node on the same PostgreSQL).
 */
public class GatehouseRateModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(RateControl.class).in(Scopes.SINGLETON);
        bind(RateLimitedAttempts.class).to(JdbcRateLimitedAttempts.class);
        bind(JdbcRateLimitedAttempts.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    RateSettings rateSettings(GatehouseConfiguration configuration) {
        try {
            return new RateSettings(limit(configuration, "rate.inbound"), limit(configuration, "rate.outbound"),
                RateSettings.exemptions(configuration.list("rate.exempt"), "rate.exempt"),
                configuration.integer("rate.maxConnectionsPerIp", 50));
        } catch (InvalidFieldException | IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse.properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    RateCounter rateCounter(GatehouseConfiguration configuration, Database database) {
        String store = configuration.string("rate.store", "memory");
        return switch (store) {
            case "memory" -> new InMemoryRateCounter();
            case "database" -> new JdbcRateCounter(database);
            default -> throw new IllegalStateException("gatehouse.properties: rate.store: must be memory or database, not '" + store + "'");
        };
    }

    private static Optional<RateLimit> limit(GatehouseConfiguration configuration, String prefix) {
        int messages = configuration.integer(prefix + ".messages", 0);
        if (messages <= 0) {
            return Optional.empty();
        }
        Duration window = configuration.optionalString(prefix + ".window")
            .map(value -> RateLimit.window(value, prefix + ".window")).orElse(RateLimit.DEFAULT_WINDOW);
        return Optional.of(new RateLimit(messages, window));
    }
}
