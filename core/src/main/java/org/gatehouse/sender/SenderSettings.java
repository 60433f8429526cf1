package org.gatehouse.sender;

import java.time.Duration;

/**
 * Server-wide settings of sender verification (conf/gatehouse.properties).
 *
 * @param authservId the authserv-id of our Authentication-Results headers (RFC 8601)
 * @param budget how long all the sender lookups of one message may take together
 */
public record SenderSettings(String authservId, Duration budget) {
}
