package org.gatehouse.app;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;
import org.gatehouse.scoring.spamassassin.SpamAssassinRulesContributor;

/**
 * James health check {@code SpamAssassinRules} (WebAdmin {@code GET /healthcheck}): degraded when SpamAssassin's rules
 * are enabled but no rule directory was found or it could not be read (mail is scored without them); healthy when they
 * are loaded (the count of skipped rules is in the log and in docs/spamassassin-rules.md) or not enabled.
 */
public class SpamAssassinRulesHealthCheck extends ProbingHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("SpamAssassinRules");

    private final Optional<SpamAssassinRulesContributor> contributor;

    @Inject
    public SpamAssassinRulesHealthCheck(Optional<SpamAssassinRulesContributor> contributor) {
        super(COMPONENT);
        this.contributor = contributor;
    }

    @Override
    Result probe() {
        if (contributor.isEmpty() || contributor.get().hasRules()) {
            return Result.healthy(COMPONENT);
        }
        return Result.degraded(COMPONENT, contributor.get().status() + ": mail is scored without SpamAssassin's rules");
    }
}
