package org.gatehouse.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.gatehouse.dns.DnsAnswer.Status;
import org.junit.jupiter.api.Test;

class ZoneDnsLookupTest {
    private static DnsAnswer answer(ZoneDnsLookup zone, String name, RecordType type) {
        return zone.query(name, type).join();
    }

    @Test
    void queryShouldIgnoreCaseAndTrailingDotOfTheName() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder().a("Mail.Example.com", "192.0.2.1").build();

        assertThat(answer(zone, "mail.example.COM.", RecordType.A).records()).containsExactly("192.0.2.1");
    }

    @Test
    void queryShouldAnswerNxDomainForAnUnknownNameAndNoDataForAnotherType() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder().a("mail.example.com", "192.0.2.1").build();

        assertThat(answer(zone, "other.example.com", RecordType.A).status()).isEqualTo(Status.NX_DOMAIN);
        assertThat(answer(zone, "mail.example.com", RecordType.TXT).status()).isEqualTo(Status.NO_DATA);
    }

    @Test
    void queryShouldAnswerMxLowestPreferenceFirst() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .mx("example.com", 20, "backup.example.com.")
            .mx("example.com", 10, "primary.example.com")
            .build();

        assertThat(answer(zone, "example.com", RecordType.MX).records()).containsExactly("primary.example.com", "backup.example.com");
    }

    @Test
    void queryShouldWriteAaaaRecordsCompressed() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder().aaaa("example.com", "2001:DB8:0:0:0:0:0:1").build();

        assertThat(answer(zone, "example.com", RecordType.AAAA).records()).containsExactly("2001:db8::1");
    }

    @Test
    void queryShouldFollowCnames() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .cname("alias.example.com", "Target.example.com.")
            .txt("target.example.com", "v=spf1 -all")
            .build();

        assertThat(answer(zone, "alias.example.com", RecordType.TXT).records()).containsExactly("v=spf1 -all");
    }

    @Test
    void queryShouldAnswerATemporaryErrorForACnameLoop() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder().cname("loop.example.com", "loop.example.com").build();

        assertThat(answer(zone, "loop.example.com", RecordType.A).isTemporaryError()).isTrue();
    }

    @Test
    void timeoutShouldSpareOnlyTheTypesListedBeforeIt() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .txt("example.com", "v=spf1 -all")
            .timeout("example.com")
            .a("example.com", "192.0.2.1")
            .build();

        assertThat(answer(zone, "example.com", RecordType.TXT).records()).containsExactly("v=spf1 -all");
        assertThat(answer(zone, "example.com", RecordType.A).isTemporaryError()).isTrue();
    }

    @Test
    void fromZonedataShouldServeSpfRecordsAsTxtWhenANameHasNoTxtEntry() {
        ZoneDnsLookup zone = ZoneDnsLookup.fromZonedata(Map.of(
            "spf-only.example.com", List.of(Map.of("SPF", List.of("v=spf1 ", "-all"))),
            "both.example.com", List.of(Map.of("SPF", "v=spf1 +all"), Map.of("TXT", "v=spf1 -all")),
            "none.example.com", List.of(Map.of("SPF", "v=spf1 +all"), Map.of("TXT", "NONE"))));

        assertThat(answer(zone, "spf-only.example.com", RecordType.TXT).records()).containsExactly("v=spf1 -all");
        assertThat(answer(zone, "both.example.com", RecordType.TXT).records()).containsExactly("v=spf1 -all");
        assertThat(answer(zone, "none.example.com", RecordType.TXT).status()).isEqualTo(Status.NO_DATA);
    }

    @Test
    void fromZonedataShouldReadMxPtrAndTimeoutEntries() {
        ZoneDnsLookup zone = ZoneDnsLookup.fromZonedata(Map.of(
            "example.com", List.of(Map.of("MX", List.of(10, "mail.example.com"))),
            "1.2.0.192.in-addr.arpa", List.of(Map.of("PTR", "Mail.Example.com.")),
            "down.example.com", List.of("TIMEOUT")));

        assertThat(answer(zone, "example.com", RecordType.MX).records()).containsExactly("mail.example.com");
        assertThat(answer(zone, "1.2.0.192.in-addr.arpa", RecordType.PTR).records()).containsExactly("Mail.Example.com");
        assertThat(answer(zone, "down.example.com", RecordType.TXT).isTemporaryError()).isTrue();
    }
}
