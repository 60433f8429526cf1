package org.gatehouse.sender;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.sender.dnsbl.DnsblZone;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Verdict;


/**
 * Sender verification for the SMTP stage and the pipeline: the checks run once per message, and the operator's
 * global allow and block lists, then each tenant's sender policy, judge their results. Parsed policies are cached
 * per policy document, so a policy change applies to the next message.
 */
public class SenderVerification {
    /** Every tenant's verdict, and the Authentication-Results of the checks (the same for every tenant). */
    public record Outcome(Map<TenantId, Verdict> verdicts, List<String> authenticationResults, Map<TenantId, Integer> policyVersions) {
    }

    private final SenderChecks checks;
    private final SenderPolicyEvaluator evaluator;
    private final GlobalPolicies globalPolicies;
    private final ParsedPolicies<SenderPolicy> parsed;

    @Inject
    public SenderVerification(SenderChecks checks, SenderPolicyEvaluator evaluator, TenantPolicies policies,
                              GlobalPolicies globalPolicies) {
        this.checks = checks;
        this.evaluator = evaluator;
        this.parsed = new ParsedPolicies<>(policies, SenderPolicy::of);
        this.globalPolicies = globalPolicies;
    }

    public SenderPolicy policyOf(TenantId tenant) {
        return parsed.of(tenant);
    }

    /** What can be decided before DATA: block and allow lists, DNSBLs, country. */
    public CompletableFuture<Verdict> beforeData(TenantId tenant, InetAddress client, String mailFrom) {
        SenderPolicy policy = policyOf(tenant);
        SenderLists global = globalPolicies.global();
        return checks.beforeData(client, evaluator.zonesFor(policy))
            .thenApply(evidence -> evaluator.beforeData(policy, global, evidence, mailFrom));
    }

    /** Every check, judged for each tenant the message is for. */
    public CompletableFuture<Outcome> afterData(Set<TenantId> tenants, SenderContext context, byte[] rawMessage) {
        SenderLists global = globalPolicies.global();
        Map<TenantId, SenderPolicy> tenantPolicies = new LinkedHashMap<>();
        Map<TenantId, Integer> versions = new LinkedHashMap<>();
        List<DnsblZone> zones = new ArrayList<>();
        for (TenantId tenant : tenants) {
            ParsedPolicies.Versioned<SenderPolicy> versioned = parsed.versioned(tenant);
            SenderPolicy policy = versioned.policy();
            tenantPolicies.put(tenant, policy);
            versions.put(tenant, versioned.version());
            evaluator.zonesFor(policy).stream().filter(zone -> !zones.contains(zone)).forEach(zones::add);
        }
        return checks.afterData(context, rawMessage, zones).thenApply(evidence -> {
            Map<TenantId, Verdict> verdicts = new LinkedHashMap<>();
            tenantPolicies.forEach((tenant, policy) -> verdicts.put(tenant, evaluator.afterData(policy, global, evidence, context)));
            return new Outcome(verdicts, evidence.authenticationResults(), versions);
        });
    }
}
