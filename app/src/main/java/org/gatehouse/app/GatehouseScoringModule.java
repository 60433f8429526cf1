package org.gatehouse.app;

import java.io.FileNotFoundException;
import java.util.Iterator;
import java.util.Properties;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.ScoringDefaults;
import org.gatehouse.validation.InvalidFieldException;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * The spam score: the operator's defaults from {@code conf/scoring.properties} (thresholds, subject prefix, weight
 * table; built-in values when the file is absent), the scorer the end-of-DATA hook and the mailet share, and the set
 * of learnt and external {@link ScoreContributor}s other modules add to.
 */
public class GatehouseScoringModule extends AbstractModule {
    static final String CONFIGURATION_NAME = "scoring";

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), ScoreContributor.class);
        bind(MessageScorer.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    ScoringDefaults scoringDefaults(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
        } catch (FileNotFoundException e) {
            return ScoringDefaults.builtIn();
        }
        Properties properties = new Properties();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            properties.setProperty(key, String.join(",", configuration.getStringArray(key)));
        }
        try {
            return ScoringDefaults.fromProperties(properties);
        } catch (InvalidFieldException e) {
            throw new ConfigurationException(CONFIGURATION_NAME + ".properties: " + e.getMessage(), e);
        }
    }
}
