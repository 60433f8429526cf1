package org.gatehouse.quarantine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;

/** Why a message is held, by family: each family has its own repository per tenant and its own retention. */
public enum QuarantineFamily {
    SPAM,
    VIRUS,
    POLICY,
    DLP,
    PHISHING;

    public static QuarantineFamily parse(String field, String value) {
        return Arrays.stream(values())
            .filter(family -> family.asString().equals(value))
            .findFirst()
            .orElseThrow(() -> new InvalidFieldException(field, "must be one of "
                + Arrays.stream(values()).map(QuarantineFamily::asString).collect(Collectors.joining(", "))
                + "; got '" + value + "'"));
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
