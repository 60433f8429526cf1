package org.gatehouse.sender.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import com.maxmind.db.InvalidDatabaseException;

class GeoIpLookupTest {
    private final List<GeoIpLookup> opened = new ArrayList<>();

    private GeoIpLookup open(String resource) throws IOException {
        GeoIpLookup lookup = GeoIpLookup.open(resource(resource));
        opened.add(lookup);
        return lookup;
    }

    private static Path resource(String name) {
        try {
            return Path.of(GeoIpLookupTest.class.getResource("/geoip/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        for (GeoIpLookup lookup : opened) {
            lookup.close();
        }
    }

    private static GeoIpResult lookup(GeoIpLookup lookup, String address) {
        return lookup.lookup(InetAddresses.forString(address));
    }

    @ParameterizedTest
    @CsvSource({"81.2.69.160, GB", "89.160.20.112, SE", "216.160.83.56, US", "2001:218::, JP"})
    void lookupShouldAnswerTheCountryOfTheGeoIp2CountryTestDatabase(String address, String country) throws IOException {
        GeoIpResult result = lookup(open("GeoIP2-Country-Test.mmdb"), address);

        assertThat(result.status()).isEqualTo(GeoIpResult.Status.COUNTRY);
        assertThat(result.countryCode()).contains(country);
    }

    @Test
    void lookupShouldMatchEveryNetworkOfTheCountryTestSourceData() throws IOException {
        GeoIpLookup lookup = open("GeoIP2-Country-Test.mmdb");
        JsonNode networks;
        try (InputStream json = GeoIpLookupTest.class.getResourceAsStream("/geoip/GeoIP2-Country-Test.json")) {
            networks = new ObjectMapper().readTree(json);
        }

        int checked = 0;
        for (JsonNode entry : networks) {
            Map.Entry<String, JsonNode> network = entry.fields().next();
            String address = firstAddress(network.getKey());
            Optional<String> expected = Optional.ofNullable(network.getValue().path("country").path("iso_code").textValue());

            assertThat(lookup(lookup, address).countryCode()).as(network.getKey()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(345);
    }

    /** The source data writes IPv4 networks inside ::/96, e.g. {@code ::81.2.69.160/123}. */
    private static String firstAddress(String network) {
        String address = network.substring(0, network.indexOf('/'));
        return address.startsWith("::") && address.indexOf('.') > 0 ? address.substring(2) : address;
    }

    @ParameterizedTest
    @CsvSource({"81.2.69.160, GB", "2001:218::, JP"})
    void lookupShouldAnswerTheCountryOfACityDatabase(String address, String country) throws IOException {
        assertThat(lookup(open("GeoIP2-City-Test.mmdb"), address).countryCode()).contains(country);
    }

    @ParameterizedTest
    @CsvSource({
        "193.0.0.1, NL",          // RIPE NCC, 193.0.0.0/21
        "193.0.6.139, NL",
        "2001:67c:2e8::1, NL",    // RIPE NCC
        "202.12.29.1, AU",        // APNIC
        "8.8.8.8, US",            // ARIN, Google
        "2001:4860:4860::8888, US"})
    void lookupShouldAnswerTheCountryCodeOfTheRirDatabase(String address, String country) throws IOException {
        GeoIpResult result = lookup(open("geo-whois-asn-country.mmdb"), address);

        assertThat(result.status()).isEqualTo(GeoIpResult.Status.COUNTRY);
        assertThat(result.countryCode()).contains(country);
    }

    @ParameterizedTest
    @CsvSource({"GeoIP2-Country-Test.mmdb, 10.0.0.1", "geo-whois-asn-country.mmdb, 10.0.0.1",
        "geo-whois-asn-country.mmdb, 127.0.0.1", "geo-whois-asn-country.mmdb, fd00::1"})
    void lookupShouldAnswerUnknownWhenTheDatabaseHasNoCountry(String database, String address) throws IOException {
        GeoIpResult result = lookup(open(database), address);

        assertThat(result.status()).isEqualTo(GeoIpResult.Status.UNKNOWN);
        assertThat(result.countryCode()).isEmpty();
        assertThat(result.finding().ruleId()).isEqualTo("GEOIP_UNKNOWN");
    }

    @Test
    void lookupShouldAnswerUnknownWhenTheNetworkHasNoCountry() throws IOException {
        // 214.1.1.0/24 carries only traits in the source data
        assertThat(lookup(open("GeoIP2-Country-Test.mmdb"), "214.1.1.1").status())
            .isEqualTo(GeoIpResult.Status.UNKNOWN);
    }

    @Test
    void findingShouldCarryTheCountryCodeAsResult() throws IOException {
        GeoIpResult result = lookup(open("GeoIP2-Country-Test.mmdb"), "81.2.69.160");

        assertThat(result.finding()).isEqualTo(Finding.of("GEOIP_COUNTRY", "geoip", "GB",
            "81.2.69.160 is in GB (GeoIP2-Country database)"));
    }

    @Test
    void notConfiguredShouldAnswerAVisibleFinding() {
        GeoIpResult result = GeoIpLookup.notConfigured().lookup(InetAddresses.forString("81.2.69.160"));

        assertThat(result.status()).isEqualTo(GeoIpResult.Status.NOT_CONFIGURED);
        assertThat(result.finding()).isEqualTo(Finding.of("GEOIP_NOT_CONFIGURED", "geoip", "not_configured",
            "no GeoIP database is configured, so the country of 81.2.69.160 is not known"));
    }

    @Test
    void openShouldRejectAFileThatIsNotAMaxMindDatabase() {
        assertThatThrownBy(() -> GeoIpLookup.open(resource("PROVENANCE.md")))
            .isInstanceOf(InvalidDatabaseException.class);
    }
}
