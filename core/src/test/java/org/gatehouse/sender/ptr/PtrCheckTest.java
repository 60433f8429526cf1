package org.gatehouse.sender.ptr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.RecordType;
import org.gatehouse.sender.FakeDnsLookup;
import org.gatehouse.sender.FakeDnsLookup.Question;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class PtrCheckTest {
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.25");
    private static final String PTR_NAME = "25.2.0.192.in-addr.arpa";
    private static final InetAddress CLIENT6 = InetAddresses.forString("2001:db8::25");
    private static final String PTR_NAME6 = "5.2" + ".0".repeat(22) + ".8.b.d.0.1.0.0.2.ip6.arpa";

    private final FakeDnsLookup dns = new FakeDnsLookup();

    private PtrResult check(InetAddress client) {
        return new PtrCheck(dns).check(client).join();
    }

    @Test
    void checkShouldPassWhenThePtrNameResolvesBack() {
        dns.records(PTR_NAME, RecordType.PTR, "mail.example.com")
            .records("mail.example.com", RecordType.A, "192.0.2.1", "192.0.2.25");

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.PASS);
        assertThat(result.confirmedName()).contains("mail.example.com");
        assertThat(result.finding()).isEqualTo(Finding.of("PTR_PASS", "ptr", "pass",
            "192.0.2.25 has PTR mail.example.com, which resolves back to it"));
    }

    @Test
    void checkShouldPassWithTheFirstConfirmedNameWhenSeveralPtrNames() {
        dns.records(PTR_NAME, RecordType.PTR, "Other.Example.NET.", "mx1.example.com", "mx2.example.com")
            .records("other.example.net", RecordType.A, "198.51.100.1")
            .records("mx1.example.com", RecordType.A, "192.0.2.25")
            .records("mx2.example.com", RecordType.A, "192.0.2.25");

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.PASS);
        assertThat(result.confirmedName()).contains("mx1.example.com");
    }

    @Test
    void checkShouldPassForIPv6WithAaaaRecords() {
        dns.records(PTR_NAME6, RecordType.PTR, "mail6.example.com")
            .records("mail6.example.com", RecordType.A, "192.0.2.25")
            .records("mail6.example.com", RecordType.AAAA, "2001:db8:0:0:0:0:0:25");

        PtrResult result = check(CLIENT6);

        assertThat(result.status()).isEqualTo(PtrResult.Status.PASS);
        assertThat(dns.questions()).containsExactly(new Question(PTR_NAME6, RecordType.PTR),
            new Question("mail6.example.com", RecordType.AAAA));
    }

    @Test
    void checkShouldFailWhenNoPtrNameResolvesBack() {
        dns.records(PTR_NAME, RecordType.PTR, "a.example.com", "b.example.com")
            .records("a.example.com", RecordType.A, "192.0.2.26");

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.FAIL);
        assertThat(result.confirmedName()).isEmpty();
        assertThat(result.finding()).isEqualTo(Finding.of("PTR_FAIL", "ptr", "fail",
            "the PTR names of 192.0.2.25 (a.example.com, b.example.com) do not resolve back to it"));
    }

    @Test
    void checkShouldFailWhenTheForwardAnswerIsOfTheOtherFamilyOnly() {
        dns.records(PTR_NAME, RecordType.PTR, "mail.example.com")
            .records("mail.example.com", RecordType.AAAA, "2001:db8::25");

        assertThat(check(CLIENT).status()).isEqualTo(PtrResult.Status.FAIL);
    }

    @Test
    void checkShouldAnswerNoneWhenNoPtrRecord() {
        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.NONE);
        assertThat(result.finding().ruleId()).isEqualTo("PTR_NONE");
        assertThat(dns.questions()).containsExactly(new Question(PTR_NAME, RecordType.PTR));
    }

    @Test
    void checkShouldAnswerNoneWhenPtrNoData() {
        dns.answer(PTR_NAME, RecordType.PTR, DnsAnswer.noData());

        assertThat(check(CLIENT).status()).isEqualTo(PtrResult.Status.NONE);
    }

    @Test
    void checkShouldAnswerTemperrorWhenThePtrLookupFails() {
        dns.temporaryError(PTR_NAME, RecordType.PTR);

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.TEMPERROR);
        assertThat(result.finding().ruleId()).isEqualTo("PTR_TEMPERROR");
    }

    @Test
    void checkShouldAnswerTemperrorWhenAForwardLookupFailsAndNoneConfirms() {
        dns.records(PTR_NAME, RecordType.PTR, "a.example.com", "b.example.com")
            .records("a.example.com", RecordType.A, "192.0.2.26")
            .temporaryError("b.example.com", RecordType.A);

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.TEMPERROR);
        assertThat(result.reason()).isEqualTo("lookup of the PTR names of 192.0.2.25 (a.example.com, b.example.com) failed");
    }

    @Test
    void checkShouldPassWhenOneNameConfirmsDespiteAnotherLookupFailing() {
        dns.records(PTR_NAME, RecordType.PTR, "a.example.com", "b.example.com")
            .temporaryError("a.example.com", RecordType.A)
            .records("b.example.com", RecordType.A, "192.0.2.25");

        assertThat(check(CLIENT).confirmedName()).contains("b.example.com");
    }

    @Test
    void checkShouldLookUpAtMostTenNames() {
        String[] names = IntStream.rangeClosed(1, 12).mapToObj(i -> "h" + i + ".example.com").toArray(String[]::new);
        dns.records(PTR_NAME, RecordType.PTR, names).records("h11.example.com", RecordType.A, "192.0.2.25");

        PtrResult result = check(CLIENT);

        assertThat(result.status()).isEqualTo(PtrResult.Status.FAIL);
        assertThat(dns.questions()).hasSize(1 + PtrCheck.MAX_NAMES)
            .doesNotContain(new Question("h11.example.com", RecordType.A));
    }

    @Test
    void checkShouldLookUpAllNamesBeforeAnyForwardAnswerArrives() {
        dns.records(PTR_NAME, RecordType.PTR, "a.example.com", "b.example.com");
        dns.holdAnswers();

        CompletableFuture<PtrResult> result = new PtrCheck(dns).check(CLIENT);
        dns.releaseAnswers();

        assertThat(result).isNotDone();
        assertThat(dns.questions()).containsExactly(new Question(PTR_NAME, RecordType.PTR),
            new Question("a.example.com", RecordType.A), new Question("b.example.com", RecordType.A));
        dns.releaseAnswers();
        assertThat(result.join().status()).isEqualTo(PtrResult.Status.FAIL);
    }
}
