package org.gatehouse.reports;

import java.util.Arrays;
import java.util.Optional;

/** What a top list counts messages by. */
public enum TopDimension {
    SENDER("sender"), SENDER_DOMAIN("senderDomain"), RECIPIENT("recipient"), CLIENT_IP("clientIp"), RULE("rule");

    private final String name;

    TopDimension(String name) {
        this.name = name;
    }

    /** The name in the REST API ({@code by=senderDomain}) and the rollup table. */
    public String asString() {
        return name;
    }

    public static Optional<TopDimension> parse(String value) {
        return Arrays.stream(values()).filter(dimension -> dimension.name.equals(value)).findFirst();
    }
}
