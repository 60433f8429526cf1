package org.gatehouse.app;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesContributor;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesSettings;
import org.gatehouse.webadmin.SpamAssassinRulesRoutes;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;

/**
 * SpamAssassin's own rules inside Gatehouse's scorer (conf/gatehouse.properties, docs/spamassassin-rules.md), off
 * unless {@code scoring.spamassassin.enabled=true}: {@code scoring.spamassassin.rules} (rule directories, default
 * the sa-update directory or /usr/share/spamassassin, then /etc/spamassassin), {@code .scoreSet}, {@code .pointsPerUnit},
 * {@code .min}, {@code .max} and {@code .budget}. The rules are read once when the module is made, so a bad value stops
 * startup with the key's name and a missing rule directory is logged at start. Adds the {@code SpamAssassinRules}
 * health check and the WebAdmin route {@code GET /gatehouse/scoring/spamassassin} (loaded and skipped rules).
 */
public class GatehouseSpamAssassinRulesModule extends AbstractModule {
    static final String PREFIX = "scoring.spamassassin.";

    private final Optional<SpamAssassinRulesContributor> contributor;

    public GatehouseSpamAssassinRulesModule(GatehouseConfiguration configuration) {
        this.contributor = settings(configuration).map(SpamAssassinRulesContributor::load);
    }

    /** The module for the server being built, from its conf/gatehouse.properties (read before the injector exists). */
    public static GatehouseSpamAssassinRulesModule forServer(Configuration server) {
        try {
            return new GatehouseSpamAssassinRulesModule(new GatehouseConfiguration(
                new PropertiesProvider(new FileSystemImpl(server.directories()), server.configurationPath())));
        } catch (ConfigurationException e) {
            throw new IllegalStateException("conf/gatehouse.properties cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    protected void configure() {
        Multibinder<ScoreContributor> contributors = Multibinder.newSetBinder(binder(), ScoreContributor.class);
        contributor.ifPresent(loaded -> contributors.addBinding().toInstance(loaded));
        bind(new TypeLiteral<Optional<SpamAssassinRulesContributor>>() { }).toInstance(contributor);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(SpamAssassinRulesHealthCheck.class);
        // the route answers "not enabled" when the rules are off: operators can ask either way
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(SpamAssassinRulesRoutes.class);
    }

    /** The settings when enabled; a bad value is refused with its key. */
    static Optional<SpamAssassinRulesSettings> settings(GatehouseConfiguration configuration) {
        if (!configuration.bool(PREFIX + "enabled", false)) {
            return Optional.empty();
        }
        try {
            SpamAssassinRulesSettings defaults = SpamAssassinRulesSettings.defaults();
            return Optional.of(new SpamAssassinRulesSettings(
                configuration.list(PREFIX + "rules").stream().map(Path::of).toList(),
                configuration.integer(PREFIX + "scoreSet", defaults.scoreSet()),
                number(configuration, PREFIX + "pointsPerUnit", defaults.pointsPerUnit()),
                number(configuration, PREFIX + "min", defaults.min()),
                number(configuration, PREFIX + "max", defaults.max()),
                configuration.duration(PREFIX + "budget", defaults.budget())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("conf/gatehouse.properties, " + PREFIX + "*: " + e.getMessage(), e);
        }
    }

    private static double number(GatehouseConfiguration configuration, String key, double defaultValue) {
        return configuration.optionalString(key).map(value -> {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got " + value);
            }
        }).orElse(defaultValue);
    }
}
