package org.gatehouse.sender.geo;

import java.util.Objects;
import java.util.Optional;

import org.gatehouse.verdict.Finding;

/**
 * The country of the connecting address, or why there is none.
 *
 * @param status found, unknown, or no database configured
 * @param countryCode the ISO 3166-1 alpha-2 code, upper case, when found
 * @param reason what a person reading the quarantine sees
 */
public record GeoIpResult(Status status, Optional<String> countryCode, String reason) {
    public static final String CHECK = "geoip";

    public enum Status {
        COUNTRY,
        /** The database has no country for the address (private ranges, unallocated space) or could not be read. */
        UNKNOWN,
        /** No database is configured: country rules cannot apply, and the explanation says so. */
        NOT_CONFIGURED
    }

    public GeoIpResult {
        Objects.requireNonNull(status);
        Objects.requireNonNull(countryCode);
        Objects.requireNonNull(reason);
    }

    public Finding finding() {
        return switch (status) {
            case COUNTRY -> Finding.of("GEOIP_COUNTRY", CHECK, countryCode.orElseThrow(), reason);
            case UNKNOWN -> Finding.of("GEOIP_UNKNOWN", CHECK, "unknown", reason);
            case NOT_CONFIGURED -> Finding.of("GEOIP_NOT_CONFIGURED", CHECK, "not_configured", reason);
        };
    }
}
