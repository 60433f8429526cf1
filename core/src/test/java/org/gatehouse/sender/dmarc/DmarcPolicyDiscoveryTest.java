package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.gatehouse.dns.DnsAnswer;
import org.junit.jupiter.api.Test;

class DmarcPolicyDiscoveryTest {
    private final MapDnsLookup dns = new MapDnsLookup();
    private final DmarcPolicyDiscovery discovery = new DmarcPolicyDiscovery(dns);

    private DiscoveredPolicy discover(String fromDomain) {
        return discovery.discover(fromDomain).join();
    }

    @Test
    void discoverShouldFindTheRecordAtTheFromDomain() throws Exception {
        dns.withTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        assertThat(discover("example.com")).isEqualTo(
            new DiscoveredPolicy.Found("example.com", DmarcRecord.parse("v=DMARC1; p=reject"), false));
        assertThat(dns.queried()).containsExactly("_dmarc.example.com");
    }

    @Test
    void discoverShouldKeepAnExactRecordOfASubdomainWithoutAskingTheOrganizationalDomain() {
        dns.withTxt("_dmarc.news.example.com", "v=DMARC1; p=none")
            .withTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        DiscoveredPolicy policy = discover("news.example.com");

        assertThat(policy).isInstanceOfSatisfying(DiscoveredPolicy.Found.class, found -> {
            assertThat(found.policyDomain()).isEqualTo("news.example.com");
            assertThat(found.organizationalDomain()).isFalse();
            assertThat(found.record().policy()).isEqualTo(DmarcPolicy.NONE);
        });
        assertThat(dns.queried()).containsExactly("_dmarc.news.example.com");
    }

    @Test
    void discoverShouldFallBackToTheOrganizationalDomainWhenTheFromDomainHasNoRecord() {
        dns.withTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject; sp=quarantine");

        DiscoveredPolicy policy = discover("a.b.example.co.uk");

        assertThat(policy).isInstanceOfSatisfying(DiscoveredPolicy.Found.class, found -> {
            assertThat(found.policyDomain()).isEqualTo("example.co.uk");
            assertThat(found.organizationalDomain()).isTrue();
            assertThat(found.record().subdomainPolicy()).contains(DmarcPolicy.QUARANTINE);
        });
        assertThat(dns.queried()).containsExactly("_dmarc.a.b.example.co.uk", "_dmarc.example.co.uk");
    }

    @Test
    void discoverShouldFallBackWhenTheFromDomainAnswersNoData() {
        dns.with("_dmarc.mail.example.com", DnsAnswer.noData())
            .withTxt("_dmarc.example.com", "v=DMARC1; p=quarantine");

        assertThat(discover("mail.example.com")).isInstanceOf(DiscoveredPolicy.Found.class);
    }

    @Test
    void discoverShouldDiscardTxtRecordsThatAreNotDmarcRecords() {
        dns.withTxt("_dmarc.example.com", "v=spf1 -all", "v=DMARC1; p=reject", "google-site-verification=abc");

        assertThat(discover("example.com")).isInstanceOf(DiscoveredPolicy.Found.class);
    }

    @Test
    void discoverShouldDiscardARecordWhoseVersionIsNotFirstAndFallBack() {
        dns.withTxt("_dmarc.mail.example.com", "p=reject; v=DMARC1")
            .withTxt("_dmarc.example.com", "v=DMARC1; p=quarantine");

        DiscoveredPolicy policy = discover("mail.example.com");

        assertThat(policy).isInstanceOfSatisfying(DiscoveredPolicy.Found.class,
            found -> assertThat(found.policyDomain()).isEqualTo("example.com"));
    }

    @Test
    void discoverShouldFindNoPolicyWhenNoNameHasARecord() {
        DiscoveredPolicy policy = discover("mail.example.com");

        assertThat(policy).isEqualTo(
            new DiscoveredPolicy.NotFound("no DMARC record at _dmarc.mail.example.com nor at _dmarc.example.com"));
    }

    @Test
    void discoverShouldFindNoPolicyWhenTheFromDomainHasSeveralRecords() {
        dns.withTxt("_dmarc.mail.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none")
            .withTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        DiscoveredPolicy policy = discover("mail.example.com");

        assertThat(policy).isEqualTo(
            new DiscoveredPolicy.NotFound("2 DMARC records at _dmarc.mail.example.com, so none applies"));
        assertThat(dns.queried()).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void discoverShouldFindNoPolicyWhenTheOrganizationalDomainHasSeveralRecords() {
        dns.withTxt("_dmarc.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=reject");

        assertThat(discover("mail.example.com")).isInstanceOf(DiscoveredPolicy.NotFound.class);
    }

    @Test
    void discoverShouldBeAPermanentErrorWhenTheRecordIsInvalid() {
        dns.withTxt("_dmarc.mail.example.com", "v=DMARC1; p=block")
            .withTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        DiscoveredPolicy policy = discover("mail.example.com");

        assertThat(policy).isEqualTo(new DiscoveredPolicy.PermanentError("invalid DMARC record at _dmarc.mail.example.com:"
            + " p=block is not none, quarantine or reject and there is no valid rua to fall back to p=none"));
        assertThat(dns.queried()).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void discoverShouldBeATemporaryErrorWhenTheFromDomainLookupFails() {
        dns.with("_dmarc.mail.example.com", DnsAnswer.temporaryError())
            .withTxt("_dmarc.example.com", "v=DMARC1; p=reject");

        DiscoveredPolicy policy = discover("mail.example.com");

        assertThat(policy).isEqualTo(
            new DiscoveredPolicy.TemporaryError("the DNS lookup of _dmarc.mail.example.com TXT failed temporarily"));
        assertThat(dns.queried()).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void discoverShouldBeATemporaryErrorWhenTheOrganizationalDomainLookupFails() {
        dns.with("_dmarc.example.com", DnsAnswer.temporaryError());

        assertThat(discover("mail.example.com")).isEqualTo(
            new DiscoveredPolicy.TemporaryError("the DNS lookup of _dmarc.example.com TXT failed temporarily"));
    }

    @Test
    void discoverShouldBeATemporaryErrorWhenTheLookupCompletesExceptionally() {
        DmarcPolicyDiscovery broken = new DmarcPolicyDiscovery(
            (name, type) -> CompletableFuture.failedFuture(new IllegalStateException("resolver crashed")));

        assertThat(broken.discover("example.com").join()).isInstanceOf(DiscoveredPolicy.TemporaryError.class);
    }

    @Test
    void discoverShouldWaitForAnAsynchronousAnswer() {
        CompletableFuture<DnsAnswer> pending = new CompletableFuture<>();
        DmarcPolicyDiscovery slow = new DmarcPolicyDiscovery((name, type) -> pending);

        CompletableFuture<DiscoveredPolicy> policy = slow.discover("example.com");
        assertThat(policy).isNotDone();
        pending.complete(DnsAnswer.found(List.of("v=DMARC1; p=reject")));

        assertThat(policy.join()).isInstanceOf(DiscoveredPolicy.Found.class);
    }

    @Test
    void discoverShouldAskOnlyThePublicSuffixWhenTheFromDomainIsOne() {
        DiscoveredPolicy policy = discover("co.uk");

        assertThat(policy).isEqualTo(new DiscoveredPolicy.NotFound("no DMARC record at _dmarc.co.uk"));
        assertThat(dns.queried()).containsExactly("_dmarc.co.uk");
    }

    @Test
    void discoverShouldApplyAPublicSuffixRecordToTheSuffixItself() {
        dns.withTxt("_dmarc.co.uk", "v=DMARC1; p=reject");

        assertThat(discover("co.uk")).isInstanceOfSatisfying(DiscoveredPolicy.Found.class,
            found -> assertThat(found.organizationalDomain()).isFalse());
    }

    @Test
    void discoverShouldNotUseAPublicSuffixRecordForADomainUnderIt() {
        dns.withTxt("_dmarc.co.uk", "v=DMARC1; p=reject");

        assertThat(discover("mail.example.co.uk")).isInstanceOf(DiscoveredPolicy.NotFound.class);
        assertThat(dns.queried()).containsExactly("_dmarc.mail.example.co.uk", "_dmarc.example.co.uk");
    }

    @Test
    void discoverShouldAskInLowerCaseWithoutTheTrailingDot() {
        discover("Mail.Example.COM.");

        assertThat(dns.queried()).containsExactly("_dmarc.mail.example.com", "_dmarc.example.com");
    }

    @Test
    void discoverShouldBeAPermanentErrorWithoutLookupWhenTheFromDomainIsNotADomainName() {
        assertThat(discover("foo..example.com")).isInstanceOf(DiscoveredPolicy.PermanentError.class);
        assertThat(dns.queried()).isEmpty();
    }

    @Test
    void discoveredPolicyShouldLetTheEvaluatorPassASubdomainSignedByItsOrganizationalDomain() {
        dns.withTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject");

        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("a.b.example.co.uk", Optional.empty(),
            List.of(AuthenticatedIdentifier.dkim("example.co.uk", true)), discover("a.b.example.co.uk"));

        assertThat(result.result()).isEqualTo(DmarcResult.Result.PASS);
        assertThat(result.policyDomain()).contains("example.co.uk");
    }
}
