package org.gatehouse.scoring;

import java.util.List;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;

/**
 * A scoring signal that needs more than the parsed message: a tenant's learnt token statistics, or an external engine
 * (spamd, rspamd). Its findings' scores are added to the content score of {@link ScoringEngine}.
 * <p>
 * Contract: never throws and never blocks longer than its own configured timeout. A failure (engine down, timeout,
 * store error) is reported as a finding with result {@code error} and score 0, so mail is scored without it and the
 * failure shows in the explanation and the log.
 */
public interface ScoreContributor {
    /**
     * @param tenant the tenant whose part is scored
     * @param raw the message as received (for engines that want the bytes)
     * @param parsed the same message, parsed once
     * @param senderVerdict the tenant's sender verdict (SPF, DKIM, DMARC...), for a contributor whose judgement depends
     *     on whether the sender is authenticated; {@link Verdict#empty()} for a contributor asked once per message
     *     ({@link #dependsOnTenant()} false), since the verdict is the tenant's
     * @return findings with check = this contributor's name, score = contribution (possibly 0); empty when it has
     *     nothing to say (e.g. not enough training yet)
     */
    List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict);

    /** False when the answer is the same for every tenant (an external engine): then it is asked once per message. */
    default boolean dependsOnTenant() {
        return true;
    }
}
