package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.gatehouse.dns.ZoneDnsLookup;
import org.gatehouse.sender.spf.SpfResult.Identity;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.net.InetAddresses;

/**
 * Fuzzes the SPF record parser and evaluation (docs/fuzzing.md): the fuzzed text is example.com's SPF record, parsed
 * by {@link Rfc7208TermsFactory#parser()} and evaluated by {@link SpfCheck#check} for an IPv4 and an IPv6 client over
 * an in-memory zone. The same text is also the TXT record of exp.example.com, so that {@code exp=} explanations
 * (macro expansion) are fuzzed too.
 *
 * <p>Failure means a defect: a record that cannot be parsed or evaluated is a permerror (or none, neutral, temperror)
 * result, never an exception, so any exception or Error escaping the check fails, as does a hang (the check's DNS
 * budget is one second). Invariants checked on every input: there is a result, for the MAIL FROM identity and domain
 * and the client asked about.
 */
class SpfRecordFuzzTest {
    private static final InetAddress IPV4_CLIENT = InetAddresses.forString("192.0.2.10");
    private static final InetAddress IPV6_CLIENT = InetAddresses.forString("2001:db8::10");

    @Timeout(10)
    @FuzzTest(maxDuration = "25s")
    void checkShouldNeverThrowWhenTheRecordIsHostile(byte[] txt) {
        String record = new String(txt, StandardCharsets.UTF_8);
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .txt("example.com", record)
            .txt("exp.example.com", record)
            .a("example.com", "192.0.2.10")
            .aaaa("example.com", "2001:db8::10")
            .mx("example.com", 10, "mx.example.com")
            .a("mx.example.com", "198.51.100.25")
            .txt("include.example.com", "v=spf1 ip4:198.51.100.0/24 -all")
            .build();
        SpfCheck check = new SpfCheck(zone, Duration.ofSeconds(1));

        for (InetAddress client : new InetAddress[] {IPV4_CLIENT, IPV6_CLIENT}) {
            SpfResult result = check.check(client, "alice@example.com", "helo.example.net");

            assertThat(result.result()).isNotNull();
            assertThat(result.identity()).isEqualTo(Identity.MAILFROM);
            assertThat(result.domain()).isEqualTo("example.com");
            assertThat(result.clientIp()).isEqualTo(client);
        }
    }
}
