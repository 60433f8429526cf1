package org.gatehouse.sender.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.RecordType;
import org.gatehouse.sender.FakeDnsLookup;
import org.gatehouse.sender.FakeDnsLookup.Question;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class DnsblCheckTest {
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.99");
    private static final String LISTED_NAME = "99.2.0.192.bl.example";
    private static final DnsblZone ZONE = DnsblZone.of("bl.example")
        .withReturnCode("127.0.0.2", "spam source")
        .withReturnCode("127.0.0.4", "exploited host");

    private final FakeDnsLookup dns = new FakeDnsLookup();

    private List<DnsblResult> check(DnsblZone... zones) {
        return new DnsblCheck(dns, List.of(zones)).check(CLIENT).join();
    }

    private DnsblResult checkOne(DnsblZone zone) {
        return check(zone).get(0);
    }

    @Test
    void checkShouldQueryReversedIPv4Octets() {
        checkOne(ZONE);

        assertThat(dns.questions()).containsExactly(new Question(LISTED_NAME, RecordType.A));
    }

    @Test
    void checkShouldQueryReversedIPv6Nibbles() {
        new DnsblCheck(dns, List.of(ZONE)).check(InetAddresses.forString("2001:db8::1")).join();

        assertThat(dns.questions()).containsExactly(
            new Question("1" + ".0".repeat(23) + ".8.b.d.0.1.0.0.2.bl.example", RecordType.A));
    }

    @Test
    void checkShouldReportNotListedWhenNxDomain() {
        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
        assertThat(result.finding()).isEmpty();
    }

    @Test
    void checkShouldReportNotListedWhenNoData() {
        dns.answer(LISTED_NAME, RecordType.A, DnsAnswer.noData());

        assertThat(checkOne(ZONE).status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
    }

    @Test
    void checkShouldMapReturnCodesToReasonsWhenListed() {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.2", "127.0.0.4");

        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.LISTED);
        assertThat(result.returnCodes()).containsExactly("127.0.0.2", "127.0.0.4");
        assertThat(result.reason())
            .isEqualTo("192.0.2.99 is listed in bl.example: 127.0.0.2 (spam source), 127.0.0.4 (exploited host)");
        assertThat(result.finding()).map(Finding::ruleId).contains("DNSBL_LISTED");
        assertThat(result.finding()).map(Finding::result).contains("bl.example");
    }

    @Test
    void checkShouldStillReportListedWhenTheCodeHasNoMeaning() {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.9");

        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.LISTED);
        assertThat(result.reason()).isEqualTo("192.0.2.99 is listed in bl.example: 127.0.0.9");
    }

    @Test
    void checkShouldNotAskForTxtWhenTheZoneDoesNotWantIt() {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.2").records(LISTED_NAME, RecordType.TXT, "see example");

        checkOne(ZONE);

        assertThat(dns.questions()).extracting(Question::type).containsExactly(RecordType.A);
    }

    @Test
    void checkShouldAddTheTxtExplanationWhenListedAndWanted() {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.2")
            .records(LISTED_NAME, RecordType.TXT, "Listed, see https://bl.example/192.0.2.99");

        DnsblResult result = checkOne(ZONE.withTxt());

        assertThat(result.status()).isEqualTo(DnsblResult.Status.LISTED);
        assertThat(result.reason()).endsWith("127.0.0.2 (spam source); Listed, see https://bl.example/192.0.2.99");
    }

    @Test
    void checkShouldStayListedWhenTheTxtLookupFails() {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.2").temporaryError(LISTED_NAME, RecordType.TXT);

        DnsblResult result = checkOne(ZONE.withTxt());

        assertThat(result.status()).isEqualTo(DnsblResult.Status.LISTED);
        assertThat(result.reason()).endsWith("127.0.0.2 (spam source)");
    }

    @Test
    void checkShouldNotAskForTxtWhenNotListed() {
        checkOne(ZONE.withTxt());

        assertThat(dns.questions()).extracting(Question::type).containsExactly(RecordType.A);
    }

    @Test
    void checkShouldReportTemperrorWhenTheLookupFails() {
        dns.temporaryError(LISTED_NAME, RecordType.A);

        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.TEMPERROR);
        assertThat(result.finding()).map(Finding::ruleId).contains("DNSBL_TEMPERROR");
        assertThat(result.finding()).map(Finding::result).contains("bl.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "10.0.0.2", "::1"})
    void checkShouldReportInvalidAnswerWhenOutsideLoopbackNetwork(String answer) {
        dns.records(LISTED_NAME, RecordType.A, "127.0.0.2", answer);

        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.INVALID_ANSWER);
        assertThat(result.returnCodes()).isEmpty();
        assertThat(result.reason()).contains(answer, "outside 127.0.0.0/8");
        assertThat(result.finding()).map(Finding::ruleId).contains("DNSBL_INVALID_ANSWER");
        assertThat(result.finding()).map(Finding::result).contains("bl.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.255.255.252", "127.255.255.253", "127.255.255.254", "127.255.255.255"})
    void checkShouldReportTemperrorWhenTheListRefusedTheQuery(String refusal) {
        dns.records(LISTED_NAME, RecordType.A, refusal);

        DnsblResult result = checkOne(ZONE);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.TEMPERROR);
        assertThat(result.reason()).startsWith("bl.example did not answer for 192.0.2.99: " + refusal + " means ");
        assertThat(result.finding()).map(Finding::ruleId).contains("DNSBL_TEMPERROR");
    }

    @Test
    void checkShouldExplainPublicResolverRefusal() {
        dns.records(LISTED_NAME, RecordType.A, "127.255.255.254");

        assertThat(checkOne(ZONE).reason()).endsWith("the query came through a public or open resolver");
    }

    @Test
    void checkShouldAnswerOneResultPerZoneInOrder() {
        dns.records("99.2.0.192.second.example", RecordType.A, "127.0.0.3")
            .temporaryError("99.2.0.192.third.example", RecordType.A);

        List<DnsblResult> results = check(ZONE, DnsblZone.of("second.example"), DnsblZone.of("third.example"));

        assertThat(results).extracting(DnsblResult::zone).containsExactly("bl.example", "second.example", "third.example");
        assertThat(results).extracting(DnsblResult::status).containsExactly(DnsblResult.Status.NOT_LISTED,
            DnsblResult.Status.LISTED, DnsblResult.Status.TEMPERROR);
    }

    @Test
    void checkShouldQueryAllZonesBeforeAnyAnswerArrives() {
        dns.holdAnswers();

        CompletableFuture<List<DnsblResult>> results = new DnsblCheck(dns,
            List.of(ZONE, DnsblZone.of("second.example"), DnsblZone.of("third.example"))).check(CLIENT);

        assertThat(results).isNotDone();
        assertThat(dns.questions()).extracting(Question::name).containsExactly(LISTED_NAME,
            "99.2.0.192.second.example", "99.2.0.192.third.example");
        dns.releaseAnswers();
        assertThat(results.join()).hasSize(3);
    }

    @Test
    void checkShouldAnswerNothingWithoutZones() {
        assertThat(check()).isEmpty();
    }
}
