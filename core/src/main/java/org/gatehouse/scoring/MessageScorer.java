package org.gatehouse.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * Decides the spam score of one tenant's part: the content rules with the tenant's weights, the learnt and external
 * contributors, and the score contributions of the tenant's sender findings, summed and clamped to 0–100; the
 * category; and the action, the most severe of the threshold the score reaches and the tenant's category action.
 */
public class MessageScorer {
    private final ScoringPolicies policies;
    private final List<ScoreContributor> contributors;
    private final CategoryClassifier classifier = new CategoryClassifier();

    @Inject
    public MessageScorer(ScoringPolicies policies, Set<ScoreContributor> contributors) {
        this.policies = policies;
        this.contributors = List.copyOf(contributors);
    }

    /**
     * @param raw the message as received, for the contributors that read bytes
     * @param parsed the same message, parsed once for every tenant
     * @param senderVerdict the tenant's sender verdict ({@link Verdict#empty()} when none was computed)
     */
    public ScoreDecision decide(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
        ScoringPolicy policy = policies.policyOf(tenant);
        SpamScore content = policy.engine().score(parsed);
        List<Finding> findings = new ArrayList<>(content.findings());
        for (ScoreContributor contributor : contributors) {
            findings.addAll(contributor.contribute(tenant, raw, parsed));
        }
        List<Finding> senderFindings = senderVerdict.findings().stream().filter(finding -> finding.score() != 0).toList();
        double sum = content.score() + findings.subList(content.findings().size(), findings.size()).stream().mapToDouble(Finding::score).sum()
            + senderFindings.stream().mapToDouble(Finding::score).sum();
        int score = (int) Math.max(0, Math.min(100, Math.round(sum)));
        Classification classification = classifier.classify(parsed);
        Action action = policy.thresholds().actionFor(score).mostSevere(policy.categoryAction(classification.category()).action());
        return new ScoreDecision(score, classification.category(), action, findings, senderFindings, classification.evidence());
    }
}
