package org.gatehouse.scoring.learning;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Token statistics of the token classifier, per {@link BayesModel} (a tenant's, or the operator's): for each token
 * hash, in how many learnt spam and ham messages it appeared, the model's message totals, and which messages were
 * learnt under which label. Every implementation passes {@code BayesStoreContract}.
 */
public interface BayesStore {
    /**
     * Counts a message once: a new message adds 1 to each of its tokens and to the totals under its label; one learnt
     * before under the other label is moved; one learnt before under this label changes nothing. Atomic.
     *
     * @param fingerprint the message's {@link MessageFingerprint}
     * @param tokenHashes the message's distinct token hashes ({@link MessageTokenizer#hash(String)})
     * @throws org.gatehouse.tenant.TenantService.UnknownTenantException when the model's tenant does not exist
     */
    LearnOutcome learn(BayesModel model, String fingerprint, Label label, Set<Long> tokenHashes);

    TrainingTotals totals(BayesModel model);

    /** Distinct tokens of the model's statistics. */
    long tokenCount(BayesModel model);

    /** The counts of those of these tokens the model has seen; unseen tokens are absent. */
    Map<Long, TokenCounts> counts(BayesModel model, Collection<Long> tokenHashes);
}
