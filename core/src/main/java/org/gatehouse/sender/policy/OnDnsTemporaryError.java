package org.gatehouse.sender.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;

/**
 * What the sender checks do when a DNS lookup fails temporarily. Either way the check reports {@code temperror}:
 * a failed lookup is never read as "no record" and never passes silently.
 */
public enum OnDnsTemporaryError {
    /** Refuse the message for now (4xx): the sending server retries later. */
    TEMPFAIL,
    /** Record temperror with its configured outcome and go on with the other checks. */
    CONTINUE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OnDnsTemporaryError parse(String value, String path) {
        return Arrays.stream(values()).filter(mode -> mode.asString().equals(value)).findFirst()
            .orElseThrow(() -> new InvalidFieldException(path, "'" + value + "' is not one of "
                + Arrays.stream(values()).map(OnDnsTemporaryError::asString).collect(Collectors.joining(", ", "[", "]"))));
    }
}
