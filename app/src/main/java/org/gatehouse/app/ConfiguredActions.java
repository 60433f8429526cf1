package org.gatehouse.app;

import org.gatehouse.verdict.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actions named in gatehouse.properties. {@code reject}, the word before the one action vocabulary, still reads as
 * {@code block} with a warning, so an operator's existing file keeps starting the gateway; policies are migrated instead.
 */
final class ConfiguredActions {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConfiguredActions.class);

    static Action parse(GatehouseConfiguration configuration, String key, String defaultValue) {
        String value = configuration.string(key, defaultValue).trim();
        if (Action.RENAMED_REJECT.equalsIgnoreCase(value)) {
            LOGGER.warn("{}=reject in gatehouse.properties: read as 'block', the action's name now; please change the file", key);
            return Action.BLOCK;
        }
        try {
            return Action.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an action", e);
        }
    }

    private ConfiguredActions() {
    }
}
