package org.gatehouse.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DnsJavaLookup against a real DNS server (unbound on a loopback port). */
class DnsJavaLookupTest {
    private static final String LONG_TXT = "v=DKIM1; k=rsa; p=" + "A".repeat(300);

    @TempDir
    static Path directory;
    static LoopbackDnsServer server;
    static DnsLookup dns;

    @BeforeAll
    static void startServer() throws Exception {
        server = LoopbackDnsServer.builder()
            .record("mail.example.test. IN A 192.0.2.10")
            .record("mail.example.test. IN AAAA 2001:db8::10")
            .record("example.test. IN MX 20 backup.example.test.")
            .record("example.test. IN MX 10 mail.example.test.")
            .record("example.test. IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"")
            .record("sel._domainkey.example.test. IN TXT \"" + LONG_TXT.substring(0, 200) + "\" \"" + LONG_TXT.substring(200) + "\"")
            .ptr("192.0.2.10", "mail.example.test.")
            .timeoutZone("slow.test.")
            .start(directory.resolve("unbound"));
        dns = DnsJavaLookup.create(List.of(server.address()), Duration.ofMillis(500));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void queryShouldReturnAddresses() {
        assertThat(dns.query("mail.example.test", RecordType.A).join()).isEqualTo(DnsAnswer.found(List.of("192.0.2.10")));
        assertThat(dns.query("mail.example.test", RecordType.AAAA).join()).isEqualTo(DnsAnswer.found(List.of("2001:db8::10")));
    }

    @Test
    void queryShouldReturnMxHostsLowestPreferenceFirst() {
        assertThat(dns.query("example.test", RecordType.MX).join().records())
            .containsExactly("mail.example.test", "backup.example.test");
    }

    @Test
    void queryShouldJoinTheStringsOfALongTxtRecord() {
        assertThat(dns.query("sel._domainkey.example.test", RecordType.TXT).join().records()).containsExactly(LONG_TXT);
    }

    @Test
    void queryShouldReturnPtrNames() {
        assertThat(dns.query("10.2.0.192.in-addr.arpa", RecordType.PTR).join().records()).containsExactly("mail.example.test");
    }

    @Test
    void queryShouldAnswerNxDomainForAnUnknownName() {
        assertThat(dns.query("nothing.example.test", RecordType.TXT).join().status()).isEqualTo(DnsAnswer.Status.NX_DOMAIN);
    }

    @Test
    void queryShouldAnswerNoDataWhenTheNameHasOtherTypesOnly() {
        assertThat(dns.query("mail.example.test", RecordType.TXT).join().status()).isEqualTo(DnsAnswer.Status.NO_DATA);
    }

    @Test
    void queryShouldAnswerATemporaryErrorWhenTheServerDoesNotAnswer() {
        assertThat(dns.query("host.slow.test", RecordType.A).join().status()).isEqualTo(DnsAnswer.Status.TEMPORARY_ERROR);
    }

    @Test
    void budgetedLookupShouldAnswerATemporaryErrorOnceTheBudgetIsSpent() {
        BudgetedDnsLookup spent = BudgetedDnsLookup.startingNow(dns, Duration.ZERO, Clock.systemUTC());

        assertThat(spent.query("mail.example.test", RecordType.A).join().status()).isEqualTo(DnsAnswer.Status.TEMPORARY_ERROR);
    }

    @Test
    void budgetedLookupShouldAnswerWithinTheBudget() {
        BudgetedDnsLookup budgeted = BudgetedDnsLookup.startingNow(dns, Duration.ofSeconds(5), Clock.systemUTC());

        assertThat(budgeted.query("mail.example.test", RecordType.A).join().records()).containsExactly("192.0.2.10");
    }
}
