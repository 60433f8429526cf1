package org.gatehouse.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.gatehouse.sender.dkim.DkimResult;
import org.gatehouse.sender.dnsbl.DnsblResult;
import org.gatehouse.sender.geo.GeoIpResult;
import org.gatehouse.sender.policy.CheckOutcome;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.sender.ptr.PtrResult;
import org.gatehouse.sender.spf.SpfResult;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;

/** How one tenant's sender policy judges the evidence of the checks (SenderPolicyEvaluator). */
class SenderPolicyJudgementTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final InetAddress CLIENT = address("192.0.2.10");
    private static final SenderContext CONTEXT = new SenderContext(CLIENT, "mx.sender.example", "alice@sender.example",
        Optional.of("alice@sender.example"));
    private static final SenderPolicyEvaluator EVALUATOR = new SenderPolicyEvaluator(new SenderPolicyEvaluator.GlobalDnsbl(
        List.of("zen.example"), new CheckOutcome(Action.BLOCK, 50)));

    private static InetAddress address(String value) {
        try {
            return InetAddress.getByName(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SenderPolicy policy(String json) throws Exception {
        return SenderPolicy.parse(MAPPER.readTree(json));
    }

    private static SenderEvidence evidence(SpfResult.Result spf, DkimResult.Result dkim, List<DnsblResult> dnsbl) {
        return new SenderEvidence(CLIENT,
            Optional.of(new SpfResult(spf, SpfResult.Identity.MAILFROM, "sender.example", CLIENT, Optional.empty())),
            ImmutableList.of(dkim == DkimResult.Result.NONE ? DkimResult.none() : new DkimResult("sender.example", "s1", dkim, "test")),
            Optional.empty(),
            Optional.of(new PtrResult(PtrResult.Status.PASS, Optional.of("mx.sender.example"), "confirmed")),
            ImmutableList.copyOf(dnsbl),
            new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(), "no database"));
    }

    @Test
    void afterDataShouldScoreAnSpfFailWithTheDefaultOutcome() throws Exception {
        Verdict verdict = EVALUATOR.afterData(SenderPolicy.defaults(), SenderLists.empty(), evidence(SpfResult.Result.FAIL, DkimResult.Result.NONE, List.of()), CONTEXT);

        assertThat(verdict.findings()).anySatisfy(finding -> {
            assertThat(finding.ruleId()).isEqualTo("SPF_FAIL");
            assertThat(finding.score()).isEqualTo(20);
        });
    }

    @Test
    void afterDataShouldApplyTheTenantsActionForAResult() throws Exception {
        SenderPolicy policy = policy("{\"spf\": {\"actions\": {\"fail\": {\"action\": \"quarantine\"}}}}");

        assertThat(EVALUATOR.afterData(policy, SenderLists.empty(), evidence(SpfResult.Result.FAIL, DkimResult.Result.NONE, List.of()), CONTEXT).action())
            .isEqualTo(Action.QUARANTINE);
    }

    @Test
    void aBlockEntryShouldWinOverAnAllowEntry() throws Exception {
        SenderPolicy policy = policy("{\"allow\": [{\"type\": \"subdomains\", \"value\": \"sender.example\"}],"
            + " \"block\": [{\"type\": \"address\", \"value\": \"alice@sender.example\"}]}");

        Verdict verdict = EVALUATOR.afterData(policy, SenderLists.empty(), evidence(SpfResult.Result.PASS, DkimResult.Result.PASS, List.of()), CONTEXT);

        assertThat(verdict.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void anAllowEntryShouldSkipEverySenderCheck() throws Exception {
        SenderPolicy policy = policy("{\"allow\": [{\"type\": \"ip\", \"value\": \"192.0.2.0/24\"}]}");

        Verdict verdict = EVALUATOR.afterData(policy, SenderLists.empty(), evidence(SpfResult.Result.FAIL, DkimResult.Result.FAIL,
            List.of(new DnsblResult("zen.example", DnsblResult.Status.LISTED, ImmutableList.of("127.0.0.2"), "listed"))), CONTEXT);

        assertThat(verdict.ruleIds()).containsExactly("SENDER_ALLOWLISTED");
        assertThat(verdict.action()).isEqualTo(Action.PASS);
    }

    @Test
    void anExemptionShouldSkipOnlyItsCheck() throws Exception {
        SenderPolicy policy = policy("{\"exemptions\": {\"spf\": [{\"type\": \"domain\", \"value\": \"sender.example\"}]}}");

        Verdict verdict = EVALUATOR.afterData(policy, SenderLists.empty(), evidence(SpfResult.Result.FAIL, DkimResult.Result.FAIL, List.of()), CONTEXT);

        assertThat(verdict.ruleIds()).contains("SPF_EXEMPT", "DKIM_FAIL").doesNotContain("SPF_FAIL");
        assertThat(verdict.findings()).filteredOn(finding -> finding.ruleId().equals("SPF_EXEMPT"))
            .allSatisfy(finding -> assertThat(finding.score()).isZero());
    }

    @Test
    void aGlobalDnsblListingShouldTakeTheOperatorsOutcome() throws Exception {
        Verdict verdict = EVALUATOR.beforeData(SenderPolicy.defaults(), SenderLists.empty(), SenderEvidence.beforeData(CLIENT,
            List.of(new DnsblResult("zen.example", DnsblResult.Status.LISTED, ImmutableList.of("127.0.0.2"), "listed")),
            new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(), "no database")), "alice@sender.example");

        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
        assertThat(verdict.score()).isEqualTo(50);
    }

    @Test
    void aTenantThatOptsOutOfGlobalZonesShouldIgnoreTheirListings() throws Exception {
        SenderPolicy policy = policy("{\"dnsbl\": {\"useGlobal\": false}}");

        Verdict verdict = EVALUATOR.beforeData(policy, SenderLists.empty(), SenderEvidence.beforeData(CLIENT,
            List.of(new DnsblResult("zen.example", DnsblResult.Status.LISTED, ImmutableList.of("127.0.0.2"), "listed")),
            new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(), "no database")), "alice@sender.example");

        assertThat(verdict.findings()).isEmpty();
        assertThat(EVALUATOR.zonesFor(policy)).isEmpty();
    }

    @Test
    void aTemporaryErrorShouldTempfailOnlyWhenTheTenantSaysSo() throws Exception {
        SenderEvidence temperror = evidence(SpfResult.Result.TEMPERROR, DkimResult.Result.NONE, List.of());

        assertThat(EVALUATOR.afterData(policy("{\"onDnsTemporaryError\": \"tempfail\"}"), SenderLists.empty(), temperror, CONTEXT).action())
            .isEqualTo(Action.TEMPFAIL);
        Verdict continued = EVALUATOR.afterData(SenderPolicy.defaults(), SenderLists.empty(), temperror, CONTEXT);
        assertThat(continued.action()).isEqualTo(Action.PASS);
        assertThat(continued.ruleIds()).contains("SPF_TEMPERROR");
    }

    @Test
    void aCountryPolicyWithoutADatabaseShouldSayNotConfiguredVisibly() throws Exception {
        SenderPolicy policy = policy("{\"countries\": {\"mode\": \"block\", \"list\": [\"KP\"], \"unknownCountry\": \"tag\"}}");

        Verdict verdict = EVALUATOR.beforeData(policy, SenderLists.empty(), SenderEvidence.beforeData(CLIENT, List.of(),
            new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(), "no country database is configured")),
            "alice@sender.example");

        assertThat(verdict.ruleIds()).containsExactly("GEOIP_NOT_CONFIGURED");
        assertThat(verdict.action()).isEqualTo(Action.TAG);
    }

    @Test
    void aBlockedCountryShouldTakeTheBlockAction() throws Exception {
        SenderPolicy policy = policy("{\"countries\": {\"mode\": \"block\", \"list\": [\"KP\"]}, \"blockAction\": \"quarantine\"}");

        Verdict verdict = EVALUATOR.beforeData(policy, SenderLists.empty(), SenderEvidence.beforeData(CLIENT, List.of(),
            new GeoIpResult(GeoIpResult.Status.COUNTRY, Optional.of("KP"), "KP")), "alice@sender.example");

        assertThat(verdict.ruleIds()).containsExactly("GEOIP_COUNTRY_REFUSED");
        assertThat(verdict.action()).isEqualTo(Action.QUARANTINE);
    }

    @Test
    void theBestDkimSignatureShouldDecide() throws Exception {
        SenderEvidence evidence = new SenderEvidence(CLIENT, Optional.empty(),
            ImmutableList.of(new DkimResult("other.example", "s", DkimResult.Result.FAIL, "bad"),
                new DkimResult("sender.example", "s1", DkimResult.Result.PASS, "good")),
            Optional.empty(), Optional.empty(), ImmutableList.of(),
            new GeoIpResult(GeoIpResult.Status.NOT_CONFIGURED, Optional.empty(), "no database"));

        Verdict verdict = EVALUATOR.afterData(SenderPolicy.defaults(), SenderLists.empty(), evidence, CONTEXT);

        assertThat(verdict.ruleIds()).containsExactly("DKIM_PASS", "DKIM_FAIL");
        assertThat(verdict.score()).isZero();
    }
}
