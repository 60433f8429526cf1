package org.gatehouse.sender.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCountryDatabaseTest {
    @TempDir
    Path directory;

    @Test
    void geoIpLookupShouldReadTheCountriesOfTheWrittenDatabase() throws Exception {
        Path file = TestCountryDatabase.write(directory.resolve("test.mmdb"),
            Map.of("127.0.0.0/8", "KP", "192.0.2.0/24", "FR", "198.51.100.7/32", "FR"));

        try (GeoIpLookup lookup = GeoIpLookup.open(file)) {
            assertThat(lookup.lookup(InetAddress.getByName("127.0.0.1")).countryCode()).contains("KP");
            assertThat(lookup.lookup(InetAddress.getByName("127.255.0.9")).countryCode()).contains("KP");
            assertThat(lookup.lookup(InetAddress.getByName("192.0.2.200")).countryCode()).contains("FR");
            assertThat(lookup.lookup(InetAddress.getByName("198.51.100.7")).countryCode()).contains("FR");
            assertThat(lookup.lookup(InetAddress.getByName("198.51.100.8")).countryCode()).isEmpty();
            assertThat(lookup.lookup(InetAddress.getByName("10.0.0.1")).countryCode()).isEmpty();
        }
    }
}
