package org.gatehouse.scoring.learning;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

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

    /**
     * How long a tenant's totals read for classifying are used again: a database read per scored message was about
     * 1.5 % of the gateway's CPU under load. What this node learns drops them at once; what another node learns is
     * seen within this time (a tenant that has just learnt enough may be scored without its classifier that long).
     */
    static final Duration TOTALS_REUSED_FOR = Duration.ofSeconds(10);

    private final BayesStore store;
    private final BayesSettings settings;
    private final MessageTokenizer tokenizer;
    private final BayesClassifier classifier = new BayesClassifier();
    private final Cache<TenantId, TrainingTotals> totals;

    @Inject
    public BayesLearning(BayesStore store, BayesSettings settings) {
        this(store, settings, new MessageTokenizer());
    }

    public BayesLearning(BayesStore store, BayesSettings settings, MessageTokenizer tokenizer) {
        this(store, settings, tokenizer, Ticker.systemTicker());
    }

    @VisibleForTesting
    BayesLearning(BayesStore store, BayesSettings settings, MessageTokenizer tokenizer, Ticker ticker) {
        this.store = store;
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.totals = CacheBuilder.newBuilder().ticker(ticker).expireAfterWrite(TOTALS_REUSED_FOR).maximumSize(10_000).build();
    }

    @Override
    public LearnOutcome learn(TenantId tenant, byte[] raw, Label label) {
        return learn(tenant, ParsedMessage.parse(raw), label);
    }

    public LearnOutcome learn(TenantId tenant, ParsedMessage message, Label label) {
        try {
            return store.learn(tenant, MessageFingerprint.of(message), label, MessageTokenizer.hashes(tokenizer.tokens(message)));
        } finally {
            totals.invalidate(tenant);
        }
    }

    /** The message's spam probability for this tenant; empty while the tenant has learnt too little. */
    public Optional<Classification> classify(TenantId tenant, ParsedMessage message) {
        TrainingTotals totals = recentTotals(tenant);
        if (!settings.trained(totals)) {
            return Optional.empty();
        }
        Set<Long> hashes = MessageTokenizer.hashes(tokenizer.tokens(message));
        return Optional.of(new Classification(classifier.classify(store.counts(tenant, hashes).values(), totals), totals));
    }

    private TrainingTotals recentTotals(TenantId tenant) {
        try {
            return totals.get(tenant, () -> store.totals(tenant));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    public LearningStatus status(TenantId tenant) {
        TrainingTotals totals = store.totals(tenant);
        return new LearningStatus(totals, store.tokenCount(tenant), settings.enabled() && settings.trained(totals));
    }

    public BayesSettings settings() {
        return settings;
    }
}
