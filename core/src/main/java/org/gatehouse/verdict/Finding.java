package org.gatehouse.verdict;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One check's statement about one message: a stable rule id (documented in docs/, never renamed), the check that
 * emitted it, its result, a score contribution, the action it asks for (if any) and a human reason.
 *
 * @param ruleId stable id in upper snake case, e.g. {@code SPF_FAIL}
 * @param check the capability, e.g. {@code spf}, {@code dkim}, {@code dmarc}
 * @param result the check's own result word, e.g. {@code fail}, {@code pass}, {@code temperror}
 * @param score contribution to the 0–100 spam score (0 when none)
 * @param action the action the tenant's policy attaches to this finding, when it decides one
 * @param reason what a person reading the quarantine sees
 */
public record Finding(String ruleId, String check, String result, double score, Optional<Action> action, String reason) {
    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");

    public Finding {
        Objects.requireNonNull(check);
        Objects.requireNonNull(result);
        Objects.requireNonNull(action);
        Objects.requireNonNull(reason);
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("Rule ids are upper snake case: " + ruleId);
        }
    }

    public static Finding of(String ruleId, String check, String result, String reason) {
        return new Finding(ruleId, check, result, 0, Optional.empty(), reason);
    }

    public Finding withScore(double contribution) {
        return new Finding(ruleId, check, result, contribution, action, reason);
    }

    public Finding withAction(Action decided) {
        return new Finding(ruleId, check, result, score, Optional.of(decided), reason);
    }

    /** One line of the explanation: {@code SPF_FAIL (spf=fail, +20, reject): reason}. */
    public String explain() {
        StringBuilder line = new StringBuilder(ruleId).append(" (").append(check).append('=').append(result);
        if (score != 0) {
            line.append(score > 0 ? ", +" : ", ").append(formatScore(score));
        }
        action.ifPresent(decided -> line.append(", ").append(decided.asString()));
        return line.append("): ").append(reason).toString();
    }

    private static String formatScore(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
