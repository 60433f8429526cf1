package org.gatehouse.recipient;

import java.util.Optional;

import org.gatehouse.rate.RateLimit;

/**
 * Directory-harvest protection, the operator's (conf/gatehouse.properties {@code recipients.harvest.maxUnknown} and
 * {@code recipients.harvest.window}): more unknown recipients than that from one client IP within the window, and
 * each further unknown one gets 421 and ends the connection. Empty: off.
 */
public record HarvestSettings(Optional<RateLimit> limit) {
    public static HarvestSettings off() {
        return new HarvestSettings(Optional.empty());
    }
}
