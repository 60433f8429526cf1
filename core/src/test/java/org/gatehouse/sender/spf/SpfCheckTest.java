package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;
import org.gatehouse.dns.ZoneDnsLookup;
import org.gatehouse.sender.spf.SpfResult.Identity;
import org.gatehouse.sender.spf.SpfResult.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class SpfCheckTest {
    private static final Duration BUDGET = Duration.ofSeconds(30);
    /** Short, for the tests where the budget runs out: the check waits this long. */
    private static final Duration SHORT_BUDGET = Duration.ofMillis(200);
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.10");

    private static final ZoneDnsLookup ZONE = ZoneDnsLookup.builder()
        .txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
        .txt("mail.example.net", "v=spf1 a -all")
        .a("mail.example.net", "198.51.100.7")
        .txt("explained.example.com", "v=spf1 -all exp=why.example.com")
        .txt("why.example.com", "%{i} may not send for %{d}")
        .txt("mx.example.org", "v=spf1 mx -all")
        .mx("mx.example.org", 10, "in.example.org")
        .aaaa("in.example.org", "2001:db8::25")
        .timeout("down.example.com")
        .txt("exists.example.com", "v=spf1 exists:%{i}.x.example -all")
        .timeout("192.0.2.10.x.example")
        .txt("a.down.example.com", "v=spf1 a:down.example.com -all")
        .txt("mx.down.example.com", "v=spf1 mx:down.example.com -all")
        .txt("mx-host.down.example.com", "v=spf1 mx -all")
        .mx("mx-host.down.example.com", 10, "down.example.com")
        .txt("ptr.down.example.com", "v=spf1 ptr -all")
        .timeout("10.2.0.192.in-addr.arpa")
        .txt("include.down.example.com", "v=spf1 include:down.example.com -all")
        .txt("redirect.down.example.com", "v=spf1 redirect=down.example.com")
        .build();

    private static SpfResult check(String mailFrom, String helo) {
        return new SpfCheck(ZONE, BUDGET).check(CLIENT, mailFrom, helo);
    }

    @Test
    void checkShouldPassAClientTheMailFromDomainAuthorizes() {
        SpfResult result = check("alice@example.com", "client.example.net");

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.identity()).isEqualTo(Identity.MAILFROM);
        assertThat(result.domain()).isEqualTo("example.com");
        assertThat(result.clientIp()).isEqualTo(CLIENT);
        assertThat(result.explanation()).isEmpty();
    }

    @Test
    void checkShouldFailAClientTheMailFromDomainExcludes() {
        SpfResult result = new SpfCheck(ZONE, BUDGET).check(InetAddresses.forString("203.0.113.5"), "alice@example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.authenticationResultsProperty()).isEqualTo("spf=fail smtp.mailfrom=example.com");
    }

    @Test
    void checkShouldCheckTheHeloNameWhenTheSenderIsNull() {
        SpfResult result = new SpfCheck(ZONE, BUDGET).check(InetAddresses.forString("198.51.100.7"), "", "mail.example.net");

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.identity()).isEqualTo(Identity.HELO);
        assertThat(result.domain()).isEqualTo("mail.example.net");
        assertThat(result.authenticationResultsProperty()).isEqualTo("spf=pass smtp.helo=mail.example.net");
    }

    @Test
    void checkShouldReportTheDomainsExpandedExplanationOnFail() {
        SpfResult result = check("bob@explained.example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.explanation()).contains("192.0.2.10 may not send for explained.example.com");
    }

    @Test
    void checkShouldMatchAnIPv6ClientAgainstTheMxAddresses() {
        SpfResult result = new SpfCheck(ZONE, BUDGET).check(InetAddresses.forString("2001:db8:0:0::25"), "carol@mx.example.org", "x");

        assertThat(result.result()).isEqualTo(Result.PASS);
    }

    @Test
    void checkShouldGiveNoneWhenTheDomainHasNoRecord() {
        assertThat(check("dave@nowhere.example", "x.example.net").result()).isEqualTo(Result.NONE);
    }

    @Test
    void checkShouldGiveTemperrorWhenTheRecordLookupFailsTemporarily() {
        assertThat(check("erin@down.example.com", "x.example.net").result()).isEqualTo(Result.TEMPERROR);
    }

    @Test
    void checkShouldGiveTemperrorWhenTheExistsLookupFailsTemporarily() {
        // jSPF 1.0.3 alone reads this as no match, hence fail: see Rfc7208TermsFactory
        SpfResult result = check("heidi@exists.example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.TEMPERROR);
    }

    /** Fail closed: a DNS error behind any mechanism is temperror, never the -all after it (RFC 7208 §5). */
    @ParameterizedTest
    @ValueSource(strings = {"a", "mx", "mx-host", "ptr", "include", "redirect"})
    void checkShouldGiveTemperrorWhenAMechanismsLookupFailsTemporarily(String mechanism) {
        // for ptr RFC 7208 §5.5 says "no match"; Gatehouse keeps jSPF's temperror so an outage cannot become a fail
        SpfResult result = check("ivan@" + mechanism + ".down.example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.TEMPERROR);
    }

    @Test
    void checkShouldGiveTemperrorWhenALookupOutlastsTheBudget() {
        DnsLookup silent = (name, type) -> new CompletableFuture<>();

        SpfResult result = new SpfCheck(silent, SHORT_BUDGET).check(CLIENT, "frank@example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.TEMPERROR);
        assertThat(result.toFinding().ruleId()).isEqualTo("SPF_TEMPERROR");
    }

    @Test
    void checkShouldGiveTemperrorWhenALaterLookupOutlastsTheBudget() {
        List<RecordType> asked = new ArrayList<>();
        DnsLookup answersTxtOnly = (name, type) -> {
            asked.add(type);
            return type == RecordType.TXT
                ? CompletableFuture.completedFuture(DnsAnswer.found(List.of("v=spf1 a:slow.example.com -all")))
                : new CompletableFuture<>();
        };

        SpfResult result = new SpfCheck(answersTxtOnly, SHORT_BUDGET).check(CLIENT, "grace@example.com", "x.example.net");

        assertThat(result.result()).isEqualTo(Result.TEMPERROR);
        assertThat(asked).containsExactly(RecordType.TXT, RecordType.A);
    }

    /** A zone that gives client 192.0.2.20 the PTR names given, each of which the test may add addresses to. */
    private static ZoneDnsLookup.Builder ptrZone(String record, String... ptrNames) {
        ZoneDnsLookup.Builder zone = ZoneDnsLookup.builder().txt("ptr.example.com", record);
        for (String name : ptrNames) {
            zone.ptr("20.2.0.192.in-addr.arpa", name);
        }
        return zone;
    }

    private static SpfResult checkPtr(ZoneDnsLookup zone) {
        return new SpfCheck(zone, BUDGET).check(InetAddresses.forString("192.0.2.20"), "judy@ptr.example.com", "x");
    }

    @Test
    void checkShouldMatchAPtrNameWhateverItsCase() {
        ZoneDnsLookup zone = ptrZone("v=spf1 ptr:example.COM -all", "Mail.Example.com").a("mail.example.com", "192.0.2.20").build();

        assertThat(checkPtr(zone).result()).isEqualTo(Result.PASS);
    }

    @Test
    void checkShouldSkipAPtrNameWhoseAddressLookupFails() {
        ZoneDnsLookup zone = ptrZone("v=spf1 ptr -all", "down.ptr.example.com", "mail.ptr.example.com")
            .timeout("down.ptr.example.com")
            .a("mail.ptr.example.com", "192.0.2.20")
            .build();

        assertThat(checkPtr(zone).result()).isEqualTo(Result.PASS);
    }

    @Test
    void checkShouldNotMatchPtrWhenTheOnlyNamesAddressLookupFails() {
        // RFC 7208 §5.5: the name is skipped; "?all" shows the mechanism did not match and gave no temperror
        ZoneDnsLookup zone = ptrZone("v=spf1 ptr ?all", "down.ptr.example.com").timeout("down.ptr.example.com").build();

        assertThat(checkPtr(zone).result()).isEqualTo(Result.NEUTRAL);
    }

    /** Fail closed: skipping the name would hide the fail that -ptr gives and let +all pass the client. */
    @ParameterizedTest
    @ValueSource(strings = {"-", "~", "?"})
    void checkShouldGiveTemperrorWhenAPtrNameWithANonPassQualifierFailsItsAddressLookup(String qualifier) {
        ZoneDnsLookup zone = ptrZone("v=spf1 " + qualifier + "ptr +all", "down.ptr.example.com")
            .timeout("down.ptr.example.com")
            .build();

        assertThat(checkPtr(zone).result()).isEqualTo(Result.TEMPERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11})
    void checkShouldGivePermerrorWhenMxHasMoreThanTenNames(int names) {
        ZoneDnsLookup.Builder zone = ZoneDnsLookup.builder().txt("many-mx.example.com", "v=spf1 mx -all");
        for (int name = 1; name <= names; name++) {
            zone.mx("many-mx.example.com", name, "mx" + name + ".example.com");
        }
        zone.a("mx1.example.com", "192.0.2.10");

        SpfResult result = new SpfCheck(zone.build(), BUDGET).check(CLIENT, "kim@many-mx.example.com", "x");

        assertThat(result.result()).isEqualTo(names > 10 ? Result.PERMERROR : Result.PASS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:void1.example.com", "mx:void1.example.com", "exists:void1.example.com"})
    void checkShouldGivePermerrorAfterMoreThanTwoVoidLookups(String third) {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .txt("two-void.example.com", "v=spf1 a:void2.example.com include:void.example.com ?all")
            .txt("void.example.com", "v=spf1 mx:void3.example.com")
            .txt("three-void.example.com", "v=spf1 a:void2.example.com include:void.example.com " + third + " ?all")
            .build();
        SpfCheck check = new SpfCheck(zone, BUDGET);

        assertThat(check.check(CLIENT, "leo@two-void.example.com", "x").result()).isEqualTo(Result.NEUTRAL);
        assertThat(check.check(CLIENT, "leo@three-void.example.com", "x").result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void checkShouldWriteAnIPv6ClientCompressedInTheCMacro() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .txt("c.example.com", "v=spf1 -all exp=why.c.example.com")
            .txt("why.c.example.com", "%{c} is not %{i}")
            .build();

        SpfResult result = new SpfCheck(zone, BUDGET).check(InetAddresses.forString("2001:DB8:0:0:0:0:0:1"), "mia@c.example.com", "x");

        assertThat(result.explanation())
            .contains("2001:db8::1 is not 2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1");
    }

    @Test
    void checkShouldUrlEscapeUpperCaseMacrosWithRfc3986sUnreservedSetAfterTheTransformers() {
        ZoneDnsLookup zone = ZoneDnsLookup.builder()
            .txt("upper.example.com", "v=spf1 -all exp=why.upper.example.com")
            .txt("why.upper.example.com", "l=%{L} %%{L} l1r=%{L1r+} d=%{D2}")
            .build();

        SpfResult result = check(zone, "~n*o+p q@upper.example.com");

        assertThat(result.explanation()).contains("l=~n%2Ao%2Bp%20q %{L} l1r=~n%2Ao d=example.com");
    }

    private static SpfResult check(ZoneDnsLookup zone, String mailFrom) {
        return new SpfCheck(zone, BUDGET).check(CLIENT, mailFrom, "x");
    }

    @Test
    void constructorShouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new SpfCheck(ZONE, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Found by SpfRecordFuzzTest: one 851-character term overflowed the stack in jSPF's term expression. */
    @Test
    void checkShouldBePermErrorWhenATermIsOverlong() throws Exception {
        String record;
        try (var in = SpfCheckTest.class.getResourceAsStream("/spf-fuzz-findings/overlong-term.txt")) {
            record = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ZoneDnsLookup zone = ZoneDnsLookup.builder().txt("hostile.example", record).build();
        AtomicReference<Object> outcome = new AtomicReference<>();
        // a small stack, as under the fuzzer: the term is long enough to overflow it
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(check(zone, "alice@hostile.example"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertThat(outcome.get()).isInstanceOfSatisfying(SpfResult.class,
            result -> assertThat(result.result()).isEqualTo(Result.PERMERROR));
    }

    @Test
    void checkShouldBePermErrorWhenATermIsLongerThanAnyRealOne() {
        String record = "v=spf1 exists:" + "%{ir}.".repeat(1000) + "example.com -all";
        ZoneDnsLookup zone = ZoneDnsLookup.builder().txt("hostile.example", record).build();

        assertThat(check(zone, "alice@hostile.example").result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void checkShouldUseItsOwnDnsForTheTermsWhenChecksRunOnManyThreadsAtOnce() throws Exception {
        // the record parser is shared; each term it makes must be wired to the DNS of the check that parsed it
        ZoneDnsLookup allowing = ZoneDnsLookup.builder()
            .txt("shared.example", "v=spf1 a:hosts.shared.example -all").a("hosts.shared.example", "192.0.2.10").build();
        ZoneDnsLookup refusing = ZoneDnsLookup.builder()
            .txt("shared.example", "v=spf1 a:hosts.shared.example -all").a("hosts.shared.example", "198.51.100.99").build();
        List<CompletableFuture<Boolean>> runs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean allowed = i % 2 == 0;
            SpfCheck check = new SpfCheck(allowed ? allowing : refusing, BUDGET);
            runs.add(CompletableFuture.supplyAsync(() -> check.check(CLIENT, "a@shared.example", "h.example").result()
                == (allowed ? Result.PASS : Result.FAIL)));
        }

        assertThat(runs).allSatisfy(run -> assertThat(run.get()).isTrue());
    }
}
