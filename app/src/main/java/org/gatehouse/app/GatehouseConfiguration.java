package org.gatehouse.app;

import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.util.DurationParser;
import org.apache.james.utils.PropertiesProvider;

/** Gatehouse's own settings, from conf/gatehouse.properties; every key has a default. */
public class GatehouseConfiguration {
    public static final String NAME = "gatehouse";

    private final Optional<Configuration> configuration;

    @Inject
    public GatehouseConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Optional<Configuration> read;
        try {
            read = Optional.of(propertiesProvider.getConfiguration(NAME));
        } catch (FileNotFoundException e) {
            read = Optional.empty();
        }
        this.configuration = read;
    }

    /** Whether James's list splitting cut the value at a comma (a comma meant as text is written {@code \\,}). */
    public boolean hasUnescapedComma(String key) {
        return configuration.map(conf -> conf.getStringArray(key).length > 1).orElse(false);
    }

    public String string(String key, String defaultValue) {
        return configuration.map(conf -> conf.getString(key, defaultValue)).orElse(defaultValue).trim();
    }

    public Optional<String> optionalString(String key) {
        return Optional.of(string(key, "")).filter(value -> !value.isEmpty());
    }

    public int integer(String key, int defaultValue) {
        return configuration.map(conf -> conf.getInt(key, defaultValue)).orElse(defaultValue);
    }

    /** {@code true} or {@code false}; anything else is refused, naming the key. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().equalsIgnoreCase("true") || value.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.get());
        }
        throw new IllegalArgumentException("gatehouse.properties: " + key + " must be true or false, not '" + value.get() + "'");
    }

    public Duration duration(String key, Duration defaultValue) {
        return optionalString(key).map(DurationParser::parse).orElse(defaultValue);
    }

    /** A comma- or space-separated list (every value James's own list splitting made of it). */
    public List<String> list(String key) {
        return configuration.map(conf -> Arrays.stream(conf.getStringArray(key))).orElse(java.util.stream.Stream.empty())
            .flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
            .map(String::trim)
            .filter(value -> !value.isEmpty())
            .toList();
    }
}
