package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * Decides the spam score of each tenant's part: the content rules with the tenant's weights, the learnt and external
 * contributors, and the score contributions of the tenant's sender findings, summed and clamped to 0–100; the
 * category; and the action, the most severe of the threshold the score reaches and the tenant's category action.
 * Contributors whose answer does not depend on the tenant (external engines) are asked once per message, all at the
 * same time, so their timeouts do not add up.
 */
public class MessageScorer {
    private static final ExecutorService ENGINES = Executors.newCachedThreadPool(
        new ThreadFactoryBuilder().setNameFormat("score-contributor-%d").setDaemon(true).build());

    private final ScoringPolicies policies;
    private final List<ScoreContributor> perTenant;
    private final List<ScoreContributor> perMessage;
    private final CategoryClassifier classifier = new CategoryClassifier();

    @Inject
    public MessageScorer(ScoringPolicies policies, Set<ScoreContributor> contributors) {
        this.policies = policies;
        this.perTenant = contributors.stream().filter(ScoreContributor::dependsOnTenant).toList();
        this.perMessage = contributors.stream().filter(contributor -> !contributor.dependsOnTenant()).toList();
    }

    /**
     * @param senderVerdicts each tenant's sender verdict ({@link Verdict#empty()} when none was computed); one decision
     *     per key, in its order
     * @param raw the message as received, for the contributors that read bytes
     * @param parsed the same message, parsed once for every tenant
     */
    public Map<TenantId, ScoreDecision> decide(Map<TenantId, Verdict> senderVerdicts, byte[] raw, ParsedMessage parsed) {
        Map<TenantId, ScoreDecision> decisions = new LinkedHashMap<>();
        decideVersioned(senderVerdicts, raw, parsed).forEach((tenant, decided) -> decisions.put(tenant, decided.policy()));
        return decisions;
    }

    /** {@link #decide}, each decision with the version of the tenant's policy it was made under. */
    public Map<TenantId, ParsedPolicies.Versioned<ScoreDecision>> decideVersioned(Map<TenantId, Verdict> senderVerdicts, byte[] raw,
                                                                                   ParsedMessage parsed) {
        List<Finding> shared = sharedFindings(senderVerdicts.keySet().stream().findFirst(), raw, parsed);
        Classification classification = classifier.classify(parsed);
        Map<TenantId, ParsedPolicies.Versioned<ScoreDecision>> decisions = new LinkedHashMap<>();
        senderVerdicts.forEach((tenant, senderVerdict) -> {
            ParsedPolicies.Versioned<ScoringPolicy> policy = policies.versioned(tenant);
            decisions.put(tenant, new ParsedPolicies.Versioned<>(policy.version(),
                decide(tenant, policy.policy(), raw, parsed, senderVerdict, shared, classification)));
        });
        return decisions;
    }

    private List<Finding> sharedFindings(java.util.Optional<TenantId> anyTenant, byte[] raw, ParsedMessage parsed) {
        if (anyTenant.isEmpty() || perMessage.isEmpty()) {
            return List.of();
        }
        if (perMessage.size() == 1) {
            return perMessage.get(0).contribute(anyTenant.get(), raw, parsed, Verdict.empty());
        }
        List<CompletableFuture<List<Finding>>> answers = perMessage.stream()
            .map(contributor -> CompletableFuture.supplyAsync(() -> contributor.contribute(anyTenant.get(), raw, parsed, Verdict.empty()), ENGINES))
            .toList();
        List<Finding> findings = new ArrayList<>();
        answers.forEach(answer -> findings.addAll(answer.join()));
        return findings;
    }

    private ScoreDecision decide(TenantId tenant, ScoringPolicy policy, byte[] raw, ParsedMessage parsed, Verdict senderVerdict,
                                 List<Finding> shared, Classification classification) {
        SpamScore content = policy.engine().score(parsed);
        List<Finding> contributed = new ArrayList<>(shared);
        for (ScoreContributor contributor : perTenant) {
            contributed.addAll(contributor.contribute(tenant, raw, parsed, senderVerdict));
        }
        List<Finding> senderFindings = senderVerdict.findings().stream().filter(finding -> finding.score() != 0).toList();
        double sum = content.score() + contributed.stream().mapToDouble(Finding::score).sum()
            + senderFindings.stream().mapToDouble(Finding::score).sum();
        int score = (int) Math.max(0, Math.min(100, Math.round(sum)));
        Action action = policy.thresholds().actionFor(score).mostSevere(policy.categoryAction(classification.category()).action());
        // a contributor may decide an action of its own (the tenant's phishing action, say)
        for (Finding finding : contributed) {
            action = finding.action().map(action::mostSevere).orElse(action);
        }
        List<Finding> findings = new ArrayList<>(content.findings());
        findings.addAll(contributed);
        return new ScoreDecision(score, classification.category(), action, findings, senderFindings, classification.evidence());
    }
}
