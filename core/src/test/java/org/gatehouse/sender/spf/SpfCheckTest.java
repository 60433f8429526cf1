package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    @Test
    void constructorShouldRefuseABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new SpfCheck(ZONE, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
