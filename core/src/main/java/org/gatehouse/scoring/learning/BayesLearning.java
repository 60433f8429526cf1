package org.gatehouse.scoring.learning;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;

/**
 * A tenant's token classifier: learns messages people labelled ({@link LearningFeedback}) into the tenant's
 * statistics, and gives a message's spam probability once the tenant has learnt enough spam and ham.
 */
public class BayesLearning implements LearningFeedback {
    /**
     * A classification and what it was based on.
     *
     * @param probability the combined probability and how many tokens made it
     * @param totals the tenant's message totals at the time
     */
    public record Classification(BayesClassifier.Probability probability, TrainingTotals totals) {
    }

    private final BayesStore store;
    private final BayesSettings settings;
    private final MessageTokenizer tokenizer;
    private final BayesClassifier classifier = new BayesClassifier();

    @Inject
    public BayesLearning(BayesStore store, BayesSettings settings) {
        this(store, settings, new MessageTokenizer());
    }

    public BayesLearning(BayesStore store, BayesSettings settings, MessageTokenizer tokenizer) {
        this.store = store;
        this.settings = settings;
        this.tokenizer = tokenizer;
    }

    @Override
    public LearnOutcome learn(TenantId tenant, byte[] raw, Label label) {
        return learn(tenant, ParsedMessage.parse(raw), label);
    }

    public LearnOutcome learn(TenantId tenant, ParsedMessage message, Label label) {
        return store.learn(tenant, MessageFingerprint.of(message), label, MessageTokenizer.hashes(tokenizer.tokens(message)));
    }

    /** The message's spam probability for this tenant; empty while the tenant has learnt too little. */
    public Optional<Classification> classify(TenantId tenant, ParsedMessage message) {
        TrainingTotals totals = store.totals(tenant);
        if (!settings.trained(totals)) {
            return Optional.empty();
        }
        Set<Long> hashes = MessageTokenizer.hashes(tokenizer.tokens(message));
        return Optional.of(new Classification(classifier.classify(store.counts(tenant, hashes).values(), totals), totals));
    }

    public LearningStatus status(TenantId tenant) {
        TrainingTotals totals = store.totals(tenant);
        return new LearningStatus(totals, store.tokenCount(tenant), settings.enabled() && settings.trained(totals));
    }

    public BayesSettings settings() {
        return settings;
    }
}
