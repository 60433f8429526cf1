package org.gatehouse.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.gatehouse.metrics.GatehouseMetrics;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.external.EngineScoreMapping;
import org.gatehouse.scoring.external.ExternalEngineContributor;
import org.gatehouse.scoring.external.RspamdSettings;
import org.gatehouse.scoring.external.SpamdSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;

/**
 * The optional external scoring engines (conf/gatehouse.properties), each one more {@link ScoreContributor} and off
 * unless its address is set: SpamAssassin's spamd ({@code scoring.spamd.*}) and rspamd ({@code scoring.rspamd.*}).
 * The settings are read when the module is made, so a bad value stops startup with the key's name.
 */
public class GatehouseExternalEnginesModule extends AbstractModule {
    static final String SPAMD = "scoring.spamd.";
    static final String RSPAMD = "scoring.rspamd.";

    private final List<Function<GatehouseMetrics, ExternalEngineContributor>> engines;

    public GatehouseExternalEnginesModule(GatehouseConfiguration configuration) {
        List<Function<GatehouseMetrics, ExternalEngineContributor>> configured = new ArrayList<>();
        spamdSettings(configuration).<Function<GatehouseMetrics, ExternalEngineContributor>>map(settings ->
            metrics -> ExternalEngineContributor.spamd(settings, metrics)).ifPresent(configured::add);
        rspamdSettings(configuration).<Function<GatehouseMetrics, ExternalEngineContributor>>map(settings ->
            metrics -> ExternalEngineContributor.rspamd(settings, metrics)).ifPresent(configured::add);
        this.engines = List.copyOf(configured);
    }

    /** The module for the server being built, from its conf/gatehouse.properties (read before the injector exists). */
    public static GatehouseExternalEnginesModule forServer(Configuration server) {
        try {
            return new GatehouseExternalEnginesModule(new GatehouseConfiguration(
                new PropertiesProvider(new FileSystemImpl(server.directories()), server.configurationPath())));
        } catch (ConfigurationException e) {
            throw new IllegalStateException("conf/gatehouse.properties cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    protected void configure() {
        install(new MetersModule());
        Multibinder<ScoreContributor> contributors = Multibinder.newSetBinder(binder(), ScoreContributor.class);
        Multibinder<ExternalEngineContributor> configured = Multibinder.newSetBinder(binder(), ExternalEngineContributor.class);
        for (int i = 0; i < engines.size(); i++) {
            Key<ExternalEngineContributor> key = Key.get(ExternalEngineContributor.class, Names.named("engine-" + i));
            bind(key).toProvider(new EngineProvider(engines.get(i))).in(Scopes.SINGLETON);
            contributors.addBinding().to(key);
            configured.addBinding().to(key);
        }
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ExternalEnginesHealthCheck.class);
    }

    /** Makes an engine's contributor with the server's meters (the settings were read before the injector existed). */
    private static final class EngineProvider implements Provider<ExternalEngineContributor> {
        private final Function<GatehouseMetrics, ExternalEngineContributor> engine;
        private GatehouseMetrics metrics = GatehouseMetrics.none();

        EngineProvider(Function<GatehouseMetrics, ExternalEngineContributor> engine) {
            this.engine = engine;
        }

        @Inject
        void metrics(GatehouseMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public ExternalEngineContributor get() {
            return engine.apply(metrics);
        }
    }

    static Optional<SpamdSettings> spamdSettings(GatehouseConfiguration configuration) {
        return configuration.optionalString(SPAMD + "address").map(address -> valid(SPAMD, () -> {
            SpamdSettings settings = SpamdSettings.forAddress(address)
                .withTimeouts(configuration.duration(SPAMD + "connectTimeout", SpamdSettings.DEFAULT_CONNECT_TIMEOUT),
                    configuration.duration(SPAMD + "timeout", SpamdSettings.DEFAULT_TIMEOUT))
                .withMaxSize(configuration.integer(SPAMD + "maxSize", SpamdSettings.DEFAULT_MAX_SIZE))
                .withMapping(mapping(configuration, SPAMD, EngineScoreMapping.SPAMD_DEFAULT));
            return configuration.optionalString(SPAMD + "user").map(settings::withUser).orElse(settings);
        }));
    }

    static Optional<RspamdSettings> rspamdSettings(GatehouseConfiguration configuration) {
        return configuration.optionalString(RSPAMD + "url").map(url -> valid(RSPAMD, () -> {
            RspamdSettings settings = RspamdSettings.forUrl(url)
                .withTimeouts(configuration.duration(RSPAMD + "connectTimeout", RspamdSettings.DEFAULT_CONNECT_TIMEOUT),
                    configuration.duration(RSPAMD + "timeout", RspamdSettings.DEFAULT_TIMEOUT))
                .withMaxSize(configuration.integer(RSPAMD + "maxSize", RspamdSettings.DEFAULT_MAX_SIZE))
                .withMapping(mapping(configuration, RSPAMD, EngineScoreMapping.RSPAMD_DEFAULT));
            return configuration.optionalString(RSPAMD + "password").map(settings::withPassword).orElse(settings);
        }));
    }

    private static EngineScoreMapping mapping(GatehouseConfiguration configuration, String prefix, EngineScoreMapping defaults) {
        return new EngineScoreMapping(
            number(configuration, prefix + "pointsPerUnit", defaults.pointsPerUnit()),
            number(configuration, prefix + "min", defaults.min()),
            number(configuration, prefix + "max", defaults.max()));
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

    private static <T> T valid(String prefix, Supplier<T> settings) {
        try {
            return settings.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("conf/gatehouse.properties, " + prefix + "*: " + e.getMessage(), e);
        }
    }
}
