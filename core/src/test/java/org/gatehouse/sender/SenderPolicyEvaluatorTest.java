package org.gatehouse.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.gatehouse.sender.geo.GeoIpResult;
import org.gatehouse.sender.policy.GlobalSenderPolicy;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;

/**
 * The precedence of the operator's global lists and the tenant's lists, for every pair of them: a global block wins
 * over everything, a tenant block over any allow, a global allow over the tenant's allow; an allow skips the checks.
 */
class SenderPolicyEvaluatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.10");
    private static final String SENDER = "alice@sender.example";
    // The client is in a refused country: a verdict without that finding shows the sender checks were skipped
    private static final SenderEvidence EVIDENCE = SenderEvidence.beforeData(CLIENT, List.of(),
        new GeoIpResult(GeoIpResult.Status.COUNTRY, Optional.of("KP"), "192.0.2.10 is in KP"));
    private static final String REFUSE_KP = "\"countries\":{\"mode\":\"block\",\"list\":[\"KP\"]}";
    private static final String ALLOW_IP = "\"allow\":[{\"type\":\"ip\",\"value\":\"192.0.2.0/24\"}]";
    private static final String ALLOW_DOMAIN = "\"allow\":[{\"type\":\"domain\",\"value\":\"sender.example\"}]";
    private static final String BLOCK_ADDRESS = "\"block\":[{\"type\":\"address\",\"value\":\"alice@sender.example\"}]";

    private final SenderPolicyEvaluator evaluator = new SenderPolicyEvaluator(SenderPolicyEvaluator.GlobalDnsbl.none());

    /** A tenant quarantining what it blocks, so that its block is told apart from the global one (reject). */
    private static SenderPolicy tenant(String... lists) throws JsonProcessingException {
        StringBuilder json = new StringBuilder("{\"blockAction\":\"quarantine\"," + REFUSE_KP);
        for (String list : lists) {
            json.append(',').append(list);
        }
        return SenderPolicy.parse(MAPPER.readTree(json.append('}').toString()));
    }

    private static SenderLists global(String... lists) throws JsonProcessingException {
        return GlobalSenderPolicy.parse(MAPPER.readTree("{\"sender\":{" + String.join(",", lists) + "}}"));
    }

    private Verdict judge(SenderPolicy tenant, SenderLists global) {
        return evaluator.beforeData(tenant, global, EVIDENCE, SENDER);
    }

    @Test
    void beforeDataShouldRunTheChecksWhenNoListNamesTheSender() throws Exception {
        Verdict verdict = judge(tenant(), global());

        assertThat(verdict.ruleIds()).containsExactly("GEOIP_COUNTRY_REFUSED");
    }

    @Test
    void beforeDataShouldRejectWhenTheGlobalBlockListNamesTheSender() throws Exception {
        Verdict verdict = judge(tenant(), global(BLOCK_ADDRESS));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void beforeDataShouldSkipTheChecksWhenTheGlobalAllowListNamesTheSender() throws Exception {
        Verdict verdict = judge(tenant(), global(ALLOW_IP));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_ALLOWLISTED");
        assertThat(verdict.action()).isEqualTo(Action.PASS);
    }

    @Test
    void beforeDataShouldRejectWhenGlobalBlockAndGlobalAllowBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(), global(ALLOW_IP, BLOCK_ADDRESS));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void beforeDataShouldRejectWhenGlobalBlockAndTenantAllowBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(ALLOW_IP), global(BLOCK_ADDRESS));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void beforeDataShouldRejectWhenGlobalBlockAndTenantBlockBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(BLOCK_ADDRESS), global(BLOCK_ADDRESS));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void beforeDataShouldApplyTheTenantBlockActionWhenTenantBlockAndGlobalAllowBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(BLOCK_ADDRESS), global(ALLOW_IP));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.QUARANTINE);
    }

    @Test
    void beforeDataShouldApplyTheTenantBlockActionWhenTenantBlockAndTenantAllowBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(ALLOW_IP, BLOCK_ADDRESS), global());

        assertThat(verdict.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.QUARANTINE);
    }

    @Test
    void beforeDataShouldSkipTheChecksAsGloballyAllowedWhenGlobalAllowAndTenantAllowBothNameTheSender() throws Exception {
        Verdict verdict = judge(tenant(ALLOW_DOMAIN), global(ALLOW_IP));

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_ALLOWLISTED");
        assertThat(verdict.action()).isEqualTo(Action.PASS);
    }

    @Test
    void beforeDataShouldSkipTheChecksWhenOnlyTheTenantAllowListNamesTheSender() throws Exception {
        Verdict verdict = judge(tenant(ALLOW_DOMAIN), global());

        assertThat(verdict.ruleIds()).containsExactly("SENDER_ALLOWLISTED");
    }

    @Test
    void beforeDataWithEmptyGlobalListsShouldJudgeByTheTenantListsOnly() throws Exception {
        Verdict verdict = evaluator.beforeData(tenant(BLOCK_ADDRESS), SenderLists.empty(), EVIDENCE, SENDER);

        assertThat(verdict.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
    }

    @Test
    void afterDataShouldRejectWhenTheGlobalBlockListNamesTheFromHeaderAddress() throws Exception {
        SenderContext context = new SenderContext(CLIENT, "mx.sender.example", "bounces@other.example", Optional.of(SENDER));

        Verdict verdict = evaluator.afterData(tenant(ALLOW_DOMAIN), global(BLOCK_ADDRESS), EVIDENCE, context);

        assertThat(verdict.ruleIds()).containsExactly("SENDER_GLOBAL_BLOCKLISTED");
        assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    }
}
