package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;
import static org.gatehouse.sender.policy.PolicyJson.field;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/**
 * A tenant's settings for one sender check: whether it runs and the outcome of each of its results (the check's
 * defaults, field by field overridden by the policy). For DMARC, whether the sender's published policy decides
 * the action of a failure.
 */
public final class CheckPolicy {
    private static final Set<String> FIELDS = Set.of("enabled", "actions");
    private static final Set<String> DMARC_FIELDS = Set.of("enabled", "actions", "honorSenderPolicy");
    private static final Set<String> OUTCOME_FIELDS = Set.of("action", "score");
    static final String FAIL = "fail";

    public static CheckPolicy defaults(SenderCheck check) {
        return new CheckPolicy(check, true, check.defaults(), ImmutableSet.of(), check == SenderCheck.DMARC);
    }

    static CheckPolicy parse(SenderCheck check, JsonNode node, String path) {
        PolicyJson.object(node, path, check == SenderCheck.DMARC ? DMARC_FIELDS : FIELDS);
        boolean enabled = field(node, "enabled").map(value -> PolicyJson.bool(value, child(path, "enabled"))).orElse(true);
        boolean honorSenderPolicy = field(node, "honorSenderPolicy")
            .map(value -> PolicyJson.bool(value, child(path, "honorSenderPolicy")))
            .orElse(check == SenderCheck.DMARC);
        Map<String, CheckOutcome> outcomes = new LinkedHashMap<>(check.defaults());
        Set<String> explicitActions = new HashSet<>();
        Optional<JsonNode> actions = field(node, "actions");
        if (actions.isPresent()) {
            String actionsPath = child(path, "actions");
            PolicyJson.object(actions.get(), actionsPath, check.results());
            Iterator<Map.Entry<String, JsonNode>> results = actions.get().fields();
            while (results.hasNext()) {
                Map.Entry<String, JsonNode> result = results.next();
                String resultPath = child(actionsPath, result.getKey());
                JsonNode outcome = result.getValue();
                PolicyJson.object(outcome, resultPath, OUTCOME_FIELDS);
                if (outcome.isEmpty()) {
                    throw new InvalidFieldException(resultPath, "must set action, score or both");
                }
                CheckOutcome merged = outcomes.get(result.getKey());
                if (outcome.has("action")) {
                    merged = merged.withAction(PolicyJson.action(outcome.get("action"), child(resultPath, "action"),
                        PolicyJson.SENDER_ACTIONS));
                    explicitActions.add(result.getKey());
                }
                if (outcome.has("score")) {
                    merged = merged.withScore(PolicyJson.score(outcome.get("score"), child(resultPath, "score")));
                }
                outcomes.put(result.getKey(), merged);
            }
        }
        return new CheckPolicy(check, enabled, outcomes, explicitActions, honorSenderPolicy);
    }

    private final SenderCheck check;
    private final boolean enabled;
    private final ImmutableMap<String, CheckOutcome> outcomes;
    private final ImmutableSet<String> explicitActions;
    private final boolean honorSenderPolicy;

    private CheckPolicy(SenderCheck check, boolean enabled, Map<String, CheckOutcome> outcomes, Set<String> explicitActions,
                        boolean honorSenderPolicy) {
        this.check = check;
        this.enabled = enabled;
        this.outcomes = ImmutableMap.copyOf(outcomes);
        this.explicitActions = ImmutableSet.copyOf(explicitActions);
        this.honorSenderPolicy = honorSenderPolicy;
    }

    public SenderCheck check() {
        return check;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The outcome of a result, the sender's own policy aside.
     *
     * @throws IllegalArgumentException when the check never reports this result
     */
    public CheckOutcome outcome(String result) {
        CheckOutcome outcome = outcomes.get(result);
        if (outcome == null) {
            throw new IllegalArgumentException(check.key() + " has no result '" + result + "'; results are " + check.results());
        }
        return outcome;
    }

    /** Whether the tenant's policy names the action of this result (rather than leaving the default). */
    public boolean actionIsExplicit(String result) {
        return explicitActions.contains(result);
    }

    /** DMARC: whether a failure takes the action the sender's domain publishes ({@code p=}/{@code sp=}). */
    public boolean honorSenderPolicy() {
        return honorSenderPolicy;
    }

    /**
     * The outcome of a DMARC result given the policy the sender's domain publishes (after {@code sp=} and
     * {@code pct=}): on {@code fail}, {@code reject} rejects and {@code quarantine} quarantines, unless the
     * tenant does not honor sender policies or named the action of {@code fail} itself.
     *
     * @param publishedPolicy {@code none}, {@code quarantine} or {@code reject}; empty when there is no record
     */
    public CheckOutcome outcome(String result, Optional<String> publishedPolicy) {
        CheckOutcome outcome = outcome(result);
        if (!result.equals(FAIL) || !honorSenderPolicy || actionIsExplicit(result)) {
            return outcome;
        }
        return switch (publishedPolicy.map(policy -> policy.toLowerCase(Locale.ROOT)).orElse("none")) {
            case "reject" -> outcome.withAction(Action.BLOCK);
            case "quarantine" -> outcome.withAction(Action.QUARANTINE);
            default -> outcome;
        };
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof CheckPolicy)) {
            return false;
        }
        CheckPolicy that = (CheckPolicy) o;
        return check == that.check && enabled == that.enabled && honorSenderPolicy == that.honorSenderPolicy
            && outcomes.equals(that.outcomes) && explicitActions.equals(that.explicitActions);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(check, enabled, outcomes, explicitActions, honorSenderPolicy);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
            .add("check", check.key())
            .add("enabled", enabled)
            .add("outcomes", outcomes)
            .add("explicitActions", explicitActions)
            .add("honorSenderPolicy", honorSenderPolicy)
            .toString();
    }
}
