package org.gatehouse.scoring.learning;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.gatehouse.message.ParsedMessage;
import org.gatehouse.tenant.TenantId;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The token classifier: learns messages people labelled ({@link LearningFeedback}) into the tenant's statistics and
 * the operator's model, and gives a message's spam probability from the tenant's own statistics once it has learnt
 * enough spam and ham, else from the operator's model once that has (docs/learning.md, "Which model answers").
 */
public class BayesLearning implements LearningFeedback {
    /**
     * A classification and what it was based on.
     *
     * @param probability the combined probability and how many tokens made it
     * @param totals the answering model's message totals at the time
     * @param model the model that answered: the tenant's, or the operator's
     */
    public record Classification(BayesClassifier.Probability probability, TrainingTotals totals, BayesModel model) {
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
    private final Cache<BayesModel, TrainingTotals> totals;

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

    /**
     * Counts the message in the tenant's statistics, then in the operator's model (each once per message). A failure of
     * the second leaves the first done: learning the message again completes it and changes the first no more.
     *
     * @return what learning changed in the tenant's statistics
     */
    public LearnOutcome learn(TenantId tenant, ParsedMessage message, Label label) {
        String fingerprint = MessageFingerprint.of(message);
        Set<Long> hashes = MessageTokenizer.hashes(tokenizer.tokens(message));
        LearnOutcome outcome = learnInto(BayesModel.of(tenant), fingerprint, label, hashes);
        learnInto(BayesModel.OPERATOR, fingerprint, label, hashes);
        return outcome;
    }

    /** Counts the message in the operator's model only: mail an operator imports belongs to no tenant. */
    public LearnOutcome learnForOperator(ParsedMessage message, Label label) {
        return learnInto(BayesModel.OPERATOR, MessageFingerprint.of(message), label, MessageTokenizer.hashes(tokenizer.tokens(message)));
    }

    private LearnOutcome learnInto(BayesModel model, String fingerprint, Label label, Set<Long> hashes) {
        try {
            return store.learn(model, fingerprint, label, hashes);
        } finally {
            totals.invalidate(model);
        }
    }

    /**
     * The message's spam probability for this tenant: from its own statistics once it has learnt the minimum of each
     * label, else from the operator's model once that has (and {@link BayesSettings#operatorModel()}); empty otherwise.
     */
    public Optional<Classification> classify(TenantId tenant, ParsedMessage message) {
        return answering(tenant).map(model -> {
            TrainingTotals modelTotals = recentTotals(model);
            Set<Long> hashes = MessageTokenizer.hashes(tokenizer.tokens(message));
            return new Classification(classifier.classify(store.counts(model, hashes).values(), modelTotals), modelTotals, model);
        });
    }

    /** The model that answers for the tenant now, by the totals last read (at most {@link #TOTALS_REUSED_FOR} old). */
    private Optional<BayesModel> answering(TenantId tenant) {
        BayesModel own = BayesModel.of(tenant);
        return answering(own, recentTotals(own), () -> recentTotals(BayesModel.OPERATOR));
    }

    /**
     * The one choice of docs/learning.md ("Which model answers"), for scoring and for the status alike: the tenant's own
     * model once its totals reach the minimum of each label, else the operator's once its totals do (read only then)
     * and {@link BayesSettings#operatorModel()} allows it, else none.
     */
    private Optional<BayesModel> answering(BayesModel own, TrainingTotals ownTotals, Supplier<TrainingTotals> operatorTotals) {
        if (settings.trained(ownTotals)) {
            return Optional.of(own);
        }
        if (settings.operatorModel() && settings.trained(operatorTotals.get())) {
            return Optional.of(BayesModel.OPERATOR);
        }
        return Optional.empty();
    }

    private TrainingTotals recentTotals(BayesModel model) {
        try {
            return totals.get(model, () -> store.totals(model));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** What the tenant's own statistics hold, and which model scores its mail now. */
    public LearningStatus status(TenantId tenant) {
        BayesModel own = BayesModel.of(tenant);
        TrainingTotals ownTotals = store.totals(own);
        Optional<BayesModel> scoredBy = settings.enabled()
            ? answering(own, ownTotals, () -> store.totals(BayesModel.OPERATOR)) : Optional.empty();
        return new LearningStatus(ownTotals, store.tokenCount(own), settings.enabled() && settings.trained(ownTotals), scoredBy);
    }

    /** What the operator's model holds, and whether it answers for tenants that learnt too little. */
    public LearningStatus operatorStatus() {
        TrainingTotals operatorTotals = store.totals(BayesModel.OPERATOR);
        boolean active = settings.enabled() && settings.operatorModel() && settings.trained(operatorTotals);
        return new LearningStatus(operatorTotals, store.tokenCount(BayesModel.OPERATOR), active,
            active ? Optional.of(BayesModel.OPERATOR) : Optional.empty());
    }

    public BayesSettings settings() {
        return settings;
    }
}
