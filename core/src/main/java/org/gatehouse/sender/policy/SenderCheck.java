package org.gatehouse.sender.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import org.gatehouse.verdict.Action;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/**
 * The sender checks a tenant configures in its policy, each with the results it can report and what each result
 * does by default. The defaults are documented in docs/sender-policy.md; change both together.
 */
public enum SenderCheck {
    SPF(ImmutableMap.<String, CheckOutcome>builder()
        .put("pass", CheckOutcome.score(0))
        .put("fail", new CheckOutcome(Action.TAG, 20))
        .put("softfail", CheckOutcome.score(10))
        .put("neutral", CheckOutcome.score(0))
        .put("none", CheckOutcome.score(0))
        .put("temperror", CheckOutcome.score(0))
        .put("permerror", CheckOutcome.score(5))
        .buildOrThrow()),
    DKIM(ImmutableMap.<String, CheckOutcome>builder()
        .put("pass", CheckOutcome.score(0))
        .put("fail", CheckOutcome.score(10))
        .put("none", CheckOutcome.score(0))
        .put("temperror", CheckOutcome.score(0))
        .put("permerror", CheckOutcome.score(5))
        .buildOrThrow()),
    DMARC(ImmutableMap.<String, CheckOutcome>builder()
        .put("pass", CheckOutcome.score(0))
        .put("fail", CheckOutcome.score(15))
        .put("none", CheckOutcome.score(0))
        .put("temperror", CheckOutcome.score(0))
        .put("permerror", CheckOutcome.score(0))
        .buildOrThrow()),
    PTR(ImmutableMap.<String, CheckOutcome>builder()
        .put("pass", CheckOutcome.score(0))
        .put("fail", CheckOutcome.score(5))
        .put("none", CheckOutcome.score(5))
        .put("temperror", CheckOutcome.score(0))
        .buildOrThrow());

    private final ImmutableMap<String, CheckOutcome> defaults;

    SenderCheck(ImmutableMap<String, CheckOutcome> defaults) {
        this.defaults = defaults;
    }

    /** The keys of all checks: {@code spf}, {@code dkim}, {@code dmarc}, {@code ptr}. */
    public static Set<String> keys() {
        return Arrays.stream(values()).map(SenderCheck::key).collect(ImmutableSet.toImmutableSet());
    }

    /** The key of the check in the policy, e.g. {@code spf}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The results this check reports, in the order of the documentation. */
    public Set<String> results() {
        return defaults.keySet();
    }

    /** What each result does when the tenant's policy does not say. */
    public ImmutableMap<String, CheckOutcome> defaults() {
        return defaults;
    }
}
