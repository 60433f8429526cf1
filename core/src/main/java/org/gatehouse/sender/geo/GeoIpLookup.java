package org.gatehouse.sender.geo;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.common.net.InetAddresses;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;

/**
 * The country of an IP address from a MaxMind-format database (the path is configuration), for country rules.
 * GeoIP2/GeoLite2 Country, City and Enterprise databases are read through MaxMind's API; any other database
 * whose records carry a {@code country_code} (such as the RIR-derived ip-location-db ones) is read directly.
 */
public final class GeoIpLookup implements Closeable {
    private final Optional<CountryDatabase> database;

    private GeoIpLookup(Optional<CountryDatabase> database) {
        this.database = database;
    }

    /** Opens the database, memory-mapped; the format is chosen from its metadata's database type. */
    public static GeoIpLookup open(Path path) throws IOException {
        Reader reader = new Reader(path.toFile(), new CHMCache());
        String type = reader.getMetadata().getDatabaseType();
        if (!GeoIp2Database.reads(type)) {
            return new GeoIpLookup(Optional.of(new CountryCodeDatabase(reader, type)));
        }
        reader.close();
        DatabaseReader geoIp2 = new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build();
        return new GeoIpLookup(Optional.of(new GeoIp2Database(geoIp2, type)));
    }

    /** A lookup that answers {@link GeoIpResult.Status#NOT_CONFIGURED} for every address. */
    public static GeoIpLookup notConfigured() {
        return new GeoIpLookup(Optional.empty());
    }

    public GeoIpResult lookup(InetAddress address) {
        String ip = InetAddresses.toAddrString(address);
        if (database.isEmpty()) {
            return new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(),
                "no GeoIP database is configured, so the country of " + ip + " is not known");
        }
        CountryDatabase countries = database.get();
        try {
            return countries.countryCode(address)
                .map(code -> code.toUpperCase(Locale.ROOT))
                .map(code -> new GeoIpResult(GeoIpResult.Status.COUNTRY, Optional.of(code),
                    ip + " is in " + code + " (" + countries.type() + " database)"))
                .orElseGet(() -> unknown(ip + " has no country in the " + countries.type() + " database"));
        } catch (IOException | GeoIp2Exception | IllegalArgumentException e) {
            return unknown("the " + countries.type() + " database could not answer for " + ip + ": " + e.getMessage());
        }
    }

    private static GeoIpResult unknown(String reason) {
        return new GeoIpResult(GeoIpResult.Status.UNKNOWN, Optional.empty(), reason);
    }

    @Override
    public void close() throws IOException {
        if (database.isPresent()) {
            database.get().close();
        }
    }

    private sealed interface CountryDatabase extends Closeable permits GeoIp2Database, CountryCodeDatabase {
        String type();

        Optional<String> countryCode(InetAddress address) throws IOException, GeoIp2Exception;
    }

    /** MaxMind's own formats, whose reader refuses a query the database type does not hold. */
    private record GeoIp2Database(DatabaseReader reader, String type) implements CountryDatabase {
        static boolean reads(String type) {
            return type.contains("Enterprise") || type.contains("City") || type.contains("Country");
        }

        @Override
        public Optional<String> countryCode(InetAddress address) throws IOException, GeoIp2Exception {
            Optional<? extends AbstractCountryResponse> response;
            if (type.contains("Enterprise")) {
                response = reader.tryEnterprise(address);
            } else if (type.contains("City")) {
                response = reader.tryCity(address);
            } else {
                response = reader.tryCountry(address);
            }
            return response.map(found -> found.getCountry().getIsoCode());
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Databases whose records are maps with a {@code country_code} string. */
    private record CountryCodeDatabase(Reader reader, String type) implements CountryDatabase {
        @Override
        @SuppressWarnings("unchecked")
        public Optional<String> countryCode(InetAddress address) throws IOException {
            Map<String, Object> record = reader.get(address, Map.class);
            if (record == null || !(record.get("country_code") instanceof String code) || code.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(code);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
