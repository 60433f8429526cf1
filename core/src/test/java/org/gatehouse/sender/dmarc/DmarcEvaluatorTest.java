package org.gatehouse.sender.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.gatehouse.sender.dmarc.AuthenticatedIdentifier.dkim;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

import org.gatehouse.sender.dmarc.DmarcResult.IdentifierAlignment;
import org.gatehouse.sender.dmarc.DmarcResult.Mechanism;
import org.gatehouse.sender.dmarc.DmarcResult.Result;
import org.gatehouse.verdict.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DmarcEvaluatorTest {
    private static final DoubleSupplier NEVER_SAMPLED = () -> {
        throw new AssertionError("pct sampling is only for failing mail under a quarantine or reject policy");
    };

    private final DmarcEvaluator evaluator = new DmarcEvaluator(NEVER_SAMPLED);

    private static DiscoveredPolicy.Found exact(String domain, String txt) {
        return found(domain, txt, false);
    }

    private static DiscoveredPolicy.Found organizational(String domain, String txt) {
        return found(domain, txt, true);
    }

    private static DiscoveredPolicy.Found found(String domain, String txt, boolean organizational) {
        try {
            return new DiscoveredPolicy.Found(domain, DmarcRecord.parse(txt), organizational);
        } catch (InvalidDmarcRecordException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<AuthenticatedIdentifier> spf(String domain, boolean pass) {
        return Optional.of(AuthenticatedIdentifier.spf(Optional.of(domain), "mx.elsewhere.example", pass));
    }

    @Test
    void evaluateShouldPassWhenSpfUnalignedButDkimAligned() {
        DmarcResult result = evaluator.evaluate("example.com", spf("bounces.esp.example", true),
            List.of(dkim("example.com", true)), exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(result.aligned()).containsExactly(
            new IdentifierAlignment(Mechanism.DKIM, "example.com", true, AlignmentMode.RELAXED, true));
    }

    @Test
    void evaluateShouldFailWhenSpfAndDkimBothFail() {
        DmarcResult result = evaluator.evaluate("example.com", spf("example.com", false),
            List.of(dkim("example.com", false)), exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(result.aligned()).isEmpty();
    }

    @Test
    void evaluateShouldFailWhenOnlyUnalignedIdentifiersPass() {
        DmarcResult result = evaluator.evaluate("example.com", spf("esp.example", true),
            List.of(dkim("esp.example", true)), exact("example.com", "v=DMARC1; p=quarantine"));

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void evaluateShouldFailWhenNoIdentifierWasAuthenticated() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.reason()).contains("no SPF or DKIM identifier");
    }

    @Test
    void evaluateShouldPassOnAnyAlignedSignatureAmongSeveral() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(),
            List.of(dkim("esp.example", true), dkim("example.com", false), dkim("mail.example.com", true)),
            exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.aligned()).extracting(IdentifierAlignment::domain).containsExactly("mail.example.com");
        assertThat(result.identifiers()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({
        "r, bounce.example.com, example.com, PASS",
        "r, example.com, news.example.com, PASS",
        "s, bounce.example.com, example.com, FAIL",
        "s, example.com, news.example.com, FAIL",
        "s, example.com, example.com, PASS",
        "r, example.net, example.com, FAIL"
    })
    void evaluateShouldAlignSpfAsAspfSays(String aspf, String spfDomain, String fromDomain, Result expected) {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate(fromDomain, spf(spfDomain, true), List.of(),
            exact(fromDomain, "v=DMARC1; p=reject; adkim=r; aspf=" + aspf));

        assertThat(result.result()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "r, mail.example.com, example.com, PASS",
        "r, example.com, a.b.example.com, PASS",
        "s, mail.example.com, example.com, FAIL",
        "s, example.com, a.b.example.com, FAIL",
        "s, example.com, example.com, PASS",
        "r, example.co.uk, other.co.uk, FAIL"
    })
    void evaluateShouldAlignDkimAsAdkimSays(String adkim, String signingDomain, String fromDomain, Result expected) {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate(fromDomain, Optional.empty(),
            List.of(dkim(signingDomain, true)), exact(fromDomain, "v=DMARC1; p=reject; aspf=r; adkim=" + adkim));

        assertThat(result.result()).isEqualTo(expected);
    }

    @Test
    void evaluateShouldNotCountAnAlignedSignatureThatFailed() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("example.com", spf("esp.example", true),
            List.of(dkim("example.com", false)), exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.identifiers()).extracting(IdentifierAlignment::aligned).containsExactly(false, true);
    }

    @Test
    void evaluateShouldAlignTheHeloNameWhenTheReversePathIsNull() {
        Optional<AuthenticatedIdentifier> spf = Optional.of(
            AuthenticatedIdentifier.spf(Optional.empty(), "mx1.example.com", true));

        DmarcResult result = evaluator.evaluate("example.com", spf, List.of(),
            exact("example.com", "v=DMARC1; p=reject"));

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.aligned()).extracting(IdentifierAlignment::mechanism, IdentifierAlignment::domain)
            .containsExactly(tuple(Mechanism.SPF, "mx1.example.com"));
    }

    @Test
    void evaluateShouldApplySpWhenASubdomainFromFallsBackToTheOrganizationalRecord() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("news.example.com", Optional.empty(), List.of(),
            organizational("example.com", "v=DMARC1; p=reject; sp=quarantine"));

        assertThat(result.requestedPolicy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(result.reason()).contains("policy sp=quarantine at _dmarc.example.com (organizational domain)");
    }

    @Test
    void evaluateShouldApplyPToASubdomainWhenTheOrganizationalRecordHasNoSp() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("news.example.com", Optional.empty(), List.of(),
            organizational("example.com", "v=DMARC1; p=reject"));

        assertThat(result.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(result.reason()).contains("policy p=reject at _dmarc.example.com (organizational domain)");
    }

    @Test
    void evaluateShouldApplyPWhenTheRecordIsTheFromDomainsOwn() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("news.example.com", Optional.empty(), List.of(),
            exact("news.example.com", "v=DMARC1; p=reject; sp=none"));

        assertThat(result.requestedPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void evaluateShouldLowerTheDispositionWhenPctIsZero() {
        DmarcEvaluator sampling = new DmarcEvaluator(() -> 0);

        DmarcResult reject = sampling.evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject; pct=0"));
        DmarcResult quarantine = sampling.evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=quarantine; pct=0"));

        assertThat(reject.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(reject.exemptedByPercent()).isTrue();
        assertThat(reject.result()).isEqualTo(Result.FAIL);
        assertThat(quarantine.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @ParameterizedTest
    @CsvSource({
        "0.0, reject",
        "0.4999, reject",
        "0.5, quarantine",
        "0.9999, quarantine"
    })
    void evaluateShouldSampleHalfOfTheFailingMailWhenPctIsFifty(double sample, String disposition) {
        DmarcResult result = new DmarcEvaluator(() -> sample).evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject; pct=50"));

        assertThat(result.disposition()).isEqualTo(DmarcPolicy.parse(disposition).orElseThrow());
    }

    @Test
    void evaluateShouldApplyThePolicyToEveryFailingMessageWhenPctIsHundred() {
        DmarcResult result = new DmarcEvaluator(() -> 0.99999).evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject; pct=100"));

        assertThat(result.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(result.exemptedByPercent()).isFalse();
    }

    @Test
    void evaluateShouldNotSampleWhenThePolicyIsNone() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=none; pct=10"));

        assertThat(result.result()).isEqualTo(Result.FAIL);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(result.exemptedByPercent()).isFalse();
    }

    @Test
    void evaluateShouldBeNoneWhenNoPolicyWasFound() {
        DmarcResult result = evaluator.evaluate("example.com", spf("example.com", false), List.of(),
            new DiscoveredPolicy.NotFound("no DMARC record at _dmarc.example.com"));

        assertThat(result.result()).isEqualTo(Result.NONE);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(result.policyDomain()).isEmpty();
        assertThat(result.identifiers()).isEmpty();
    }

    @Test
    void evaluateShouldBeTemperrorWhenDiscoveryFailedTemporarily() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            new DiscoveredPolicy.TemporaryError("the DNS lookup of _dmarc.example.com TXT failed temporarily"));

        assertThat(result.result()).isEqualTo(Result.TEMPERROR);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void evaluateShouldBePermerrorWhenTheRecordIsInvalid() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            new DiscoveredPolicy.PermanentError("invalid DMARC record at _dmarc.example.com: the p tag is missing"));

        assertThat(result.result()).isEqualTo(Result.PERMERROR);
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void evaluateShouldNotAlignARegisteredDomainWithAFromDomainThatIsAPublicSuffix() {
        DmarcEvaluator sampling = new DmarcEvaluator(() -> 0);

        DmarcResult subdomainSigned = sampling.evaluate("co.uk", spf("example.co.uk", true),
            List.of(dkim("example.co.uk", true)), exact("co.uk", "v=DMARC1; p=reject"));
        DmarcResult selfSigned = sampling.evaluate("co.uk", Optional.empty(),
            List.of(dkim("co.uk", true)), exact("co.uk", "v=DMARC1; p=reject"));

        assertThat(subdomainSigned.result()).isEqualTo(Result.FAIL);
        assertThat(selfSigned.result()).isEqualTo(Result.PASS);
    }

    @Test
    void evaluateShouldCompareTheFromDomainInLowerCase() {
        DmarcResult result = evaluator.evaluate("Example.COM.", Optional.empty(), List.of(dkim("EXAMPLE.com", true)),
            exact("example.com", "v=DMARC1; p=reject; adkim=s"));

        assertThat(result.result()).isEqualTo(Result.PASS);
        assertThat(result.fromDomain()).isEqualTo("example.com");
    }

    @Test
    void toFindingShouldCarryTheRuleIdAndNoScoreOrAction() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject"));

        Finding finding = result.toFinding();

        assertThat(finding.ruleId()).isEqualTo("DMARC_FAIL");
        assertThat(finding.check()).isEqualTo("dmarc");
        assertThat(finding.result()).isEqualTo("fail");
        assertThat(finding.score()).isZero();
        assertThat(finding.action()).isEmpty();
    }

    @Test
    void toFindingShouldNameEveryResultWithItsOwnRuleId() {
        assertThat(List.of(Result.values())).extracting(Result::ruleId)
            .containsExactly("DMARC_PASS", "DMARC_FAIL", "DMARC_NONE", "DMARC_TEMPERROR", "DMARC_PERMERROR");
        assertThat(evaluator.evaluate("example.com", Optional.empty(), List.of(),
            new DiscoveredPolicy.TemporaryError("x")).toFinding().ruleId()).isEqualTo("DMARC_TEMPERROR");
    }

    @Test
    void reasonShouldStateAlignmentPolicyAndSamplingOfAFailure() {
        DmarcResult result = new DmarcEvaluator(() -> 0.7).evaluate("news.example.com", spf("esp.example", true),
            List.of(dkim("news.example.com", false)), organizational("example.com", "v=DMARC1; p=none; sp=reject; pct=50"));

        assertThat(result.toFinding().reason()).isEqualTo("From news.example.com fails DMARC:"
            + " SPF pass for esp.example, not aligned (aspf=r), DKIM fail for news.example.com, aligned (adkim=r);"
            + " policy sp=reject at _dmarc.example.com (organizational domain),"
            + " pct=50: message not sampled, reject lowered to quarantine; disposition quarantine");
    }

    @Test
    void reasonShouldStateTheAlignedIdentifierOfAPass() {
        DmarcResult result = evaluator.evaluate("example.com", spf("esp.example", true),
            List.of(dkim("mail.example.com", true)), exact("example.com", "v=DMARC1; p=quarantine; adkim=r"));

        assertThat(result.reason()).isEqualTo("From example.com passes DMARC:"
            + " DKIM pass for mail.example.com, aligned (adkim=r); policy p=quarantine at _dmarc.example.com, pct=100;"
            + " disposition none");
    }

    @Test
    void reasonShouldSayWhenPNoneWasAssumed() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=block; rua=mailto:agg@example.com"));

        assertThat(result.reason()).contains("policy p=none (assumed: p or sp is missing or invalid, rua is set)");
    }

    @Test
    void reasonShouldCarryTheDiscoveryReasonWhenNoPolicyApplies() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            new DiscoveredPolicy.TemporaryError("the DNS lookup of _dmarc.example.com TXT failed temporarily"));

        assertThat(result.reason())
            .isEqualTo("From example.com: the DNS lookup of _dmarc.example.com TXT failed temporarily");
    }

    @Test
    void authenticationResultsPropertyShouldShowPolicyAndDisposition() {
        DmarcResult result = new DmarcEvaluator(() -> 0).evaluate("example.com", Optional.empty(), List.of(),
            exact("example.com", "v=DMARC1; p=reject; sp=none"));

        assertThat(result.authenticationResultsProperty())
            .isEqualTo("dmarc=fail (p=reject sp=none pct=100 dis=reject) header.from=example.com");
    }

    @Test
    void authenticationResultsPropertyShouldShowTheSubdomainPolicyInEffectWhenSpIsAbsent() {
        DmarcResult result = new DmarcEvaluator(() -> 0.9).evaluate("news.example.com", Optional.empty(),
            List.of(dkim("example.com", true)), organizational("example.com", "v=DMARC1; p=quarantine; pct=20"));

        assertThat(result.authenticationResultsProperty())
            .isEqualTo("dmarc=pass (p=quarantine sp=quarantine pct=20 dis=none) header.from=news.example.com");
    }

    @Test
    void authenticationResultsPropertyShouldBeBareWhenNoPolicyApplied() {
        DmarcResult result = evaluator.evaluate("example.com", Optional.empty(), List.of(),
            new DiscoveredPolicy.NotFound("no DMARC record at _dmarc.example.com"));

        assertThat(result.authenticationResultsProperty()).isEqualTo("dmarc=none header.from=example.com");
    }
}
