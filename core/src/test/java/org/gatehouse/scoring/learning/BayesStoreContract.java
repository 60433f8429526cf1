package org.gatehouse.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BayesStore} guarantees; implemented by the Derby and PostgreSQL store tests. */
public interface BayesStoreContract {
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");
    BayesModel ACME_MODEL = BayesModel.of(ACME);
    BayesModel GLOBEX_MODEL = BayesModel.of(GLOBEX);
    String FIRST = "1".repeat(64);
    String SECOND = "2".repeat(64);

    BayesStore store();

    /** The tenants of the same database. */
    TenantStore tenantStore();

    static Tenant tenant(TenantId id) {
        return Tenant.of(id, id.asString(), List.of(DomainName.of(id.asString() + ".example")),
            Downstream.of("mx." + id.asString() + ".example", 25, false), List.of());
    }

    static Set<Long> hashes(long... values) {
        Set<Long> hashes = new LinkedHashSet<>();
        LongStream.of(values).forEach(hashes::add);
        return hashes;
    }

    @BeforeEach
    default void createTenants() {
        tenantStore().save(tenant(ACME));
        tenantStore().save(tenant(GLOBEX));
    }

    @Test
    default void totalsShouldBeNoneWhenNothingWasLearnt() {
        assertThat(store().totals(ACME_MODEL)).isEqualTo(TrainingTotals.NONE);
        assertThat(store().tokenCount(ACME_MODEL)).isZero();
        assertThat(store().counts(ACME_MODEL, hashes(1, 2))).isEmpty();
    }

    @Test
    default void learnShouldCountTheMessageAndEachOfItsTokensOnce() {
        assertThat(store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2, 3))).isEqualTo(LearnOutcome.LEARNT);

        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 0));
        assertThat(store().tokenCount(ACME_MODEL)).isEqualTo(3);
        assertThat(store().counts(ACME_MODEL, hashes(1, 2, 3))).isEqualTo(Map.of(
            1L, new TokenCounts(1, 0), 2L, new TokenCounts(1, 0), 3L, new TokenCounts(1, 0)));
    }

    @Test
    default void learnShouldAddToTheCountsOfTokensSeenBefore() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));
        store().learn(ACME_MODEL, SECOND, Label.HAM, hashes(2, 3));

        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 1));
        assertThat(store().counts(ACME_MODEL, hashes(1, 2, 3))).isEqualTo(Map.of(
            1L, new TokenCounts(1, 0), 2L, new TokenCounts(1, 1), 3L, new TokenCounts(0, 1)));
    }

    @Test
    default void learnShouldChangeNothingWhenTheMessageWasLearntWithTheSameLabel() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));

        assertThat(store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2))).isEqualTo(LearnOutcome.ALREADY_KNOWN);

        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 0));
        assertThat(store().counts(ACME_MODEL, hashes(1, 2))).isEqualTo(Map.of(1L, new TokenCounts(1, 0), 2L, new TokenCounts(1, 0)));
    }

    @Test
    default void learnShouldMoveTheMessageWhenItIsLearntWithTheOtherLabel() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));
        store().learn(ACME_MODEL, SECOND, Label.SPAM, hashes(2));

        assertThat(store().learn(ACME_MODEL, FIRST, Label.HAM, hashes(1, 2))).isEqualTo(LearnOutcome.RELABELLED);

        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 1));
        assertThat(store().counts(ACME_MODEL, hashes(1, 2))).isEqualTo(Map.of(1L, new TokenCounts(0, 1), 2L, new TokenCounts(1, 1)));
    }

    @Test
    default void learnShouldMoveTheMessageBackWhenItIsRelabelledTwice() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1));
        store().learn(ACME_MODEL, FIRST, Label.HAM, hashes(1));

        assertThat(store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1))).isEqualTo(LearnOutcome.RELABELLED);

        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 0));
        assertThat(store().counts(ACME_MODEL, hashes(1))).isEqualTo(Map.of(1L, new TokenCounts(1, 0)));
    }

    @Test
    default void relabellingShouldNeverMakeACountNegativeWhenTheTokensDifferFromTheFirstLearning() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1));

        store().learn(ACME_MODEL, FIRST, Label.HAM, hashes(1, 2));

        assertThat(store().counts(ACME_MODEL, hashes(1, 2))).isEqualTo(Map.of(1L, new TokenCounts(0, 1), 2L, new TokenCounts(0, 1)));
    }

    @Test
    default void countsShouldLeaveOutTokensNeverSeen() {
        store().learn(ACME_MODEL, FIRST, Label.HAM, hashes(1));

        assertThat(store().counts(ACME_MODEL, hashes(1, 99))).isEqualTo(Map.of(1L, new TokenCounts(0, 1)));
    }

    @Test
    default void countsShouldReadMoreTokensThanOneQueryHolds() {
        Set<Long> learnt = hashes(LongStream.rangeClosed(1, 2L * JdbcBayesStore.CHUNK + 57).toArray());
        store().learn(ACME_MODEL, FIRST, Label.SPAM, learnt);
        Set<Long> asked = new LinkedHashSet<>(learnt);
        asked.addAll(hashes(-1, -2, -3));

        Map<Long, TokenCounts> counts = store().counts(ACME_MODEL, asked);

        assertThat(counts).hasSize(learnt.size()).containsOnlyKeys(learnt);
        assertThat(counts.values()).containsOnly(new TokenCounts(1, 0));
        assertThat(store().tokenCount(ACME_MODEL)).isEqualTo(learnt.size());
    }

    @Test
    default void countsShouldKeepEveryBitOfTheHash() {
        Set<Long> extremes = hashes(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1);
        store().learn(ACME_MODEL, FIRST, Label.HAM, extremes);

        assertThat(store().counts(ACME_MODEL, extremes)).containsOnlyKeys(extremes);
    }

    @Test
    default void tenantsShouldNotSeeEachOthersStatistics() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));

        assertThat(store().totals(GLOBEX_MODEL)).isEqualTo(TrainingTotals.NONE);
        assertThat(store().counts(GLOBEX_MODEL, hashes(1, 2))).isEmpty();
        assertThat(store().tokenCount(GLOBEX_MODEL)).isZero();
        assertThat(store().learn(GLOBEX_MODEL, FIRST, Label.HAM, hashes(1))).isEqualTo(LearnOutcome.LEARNT);
        assertThat(store().counts(ACME_MODEL, hashes(1))).isEqualTo(Map.of(1L, new TokenCounts(1, 0)));
    }

    @Test
    default void learnShouldThrowAndStoreNothingWhenTheTenantDoesNotExist() {
        TenantId initech = TenantId.of("initech");

        assertThatThrownBy(() -> store().learn(BayesModel.of(initech), FIRST, Label.SPAM, hashes(1)))
            .isInstanceOf(TenantService.UnknownTenantException.class);

        assertThat(store().totals(BayesModel.of(initech))).isEqualTo(TrainingTotals.NONE);
        assertThat(store().counts(BayesModel.of(initech), hashes(1))).isEmpty();
    }

    @Test
    default void deletingTheTenantShouldDeleteItsStatistics() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));

        tenantStore().delete(ACME);
        tenantStore().save(tenant(ACME));

        assertThat(store().totals(ACME_MODEL)).isEqualTo(TrainingTotals.NONE);
        assertThat(store().tokenCount(ACME_MODEL)).isZero();
        assertThat(store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1))).isEqualTo(LearnOutcome.LEARNT);
    }

    @Test
    default void concurrentLearnsOfTheSameMessageShouldCountItOnce() throws Exception {
        List<LearnOutcome> outcomes = concurrently(8, writer -> store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2)));

        assertThat(outcomes).containsOnlyOnce(LearnOutcome.LEARNT).containsOnly(LearnOutcome.LEARNT, LearnOutcome.ALREADY_KNOWN);
        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(1, 0));
        assertThat(store().counts(ACME_MODEL, hashes(1, 2))).isEqualTo(Map.of(1L, new TokenCounts(1, 0), 2L, new TokenCounts(1, 0)));
    }

    @Test
    default void concurrentLearnsOfDifferentMessagesShouldCountEachOne() throws Exception {
        List<LearnOutcome> outcomes = concurrently(8, writer ->
            store().learn(ACME_MODEL, String.valueOf(writer).repeat(64), Label.HAM, hashes(1, 100 + writer)));

        assertThat(outcomes).containsOnly(LearnOutcome.LEARNT);
        assertThat(store().totals(ACME_MODEL)).isEqualTo(new TrainingTotals(0, 8));
        assertThat(store().counts(ACME_MODEL, hashes(1))).isEqualTo(Map.of(1L, new TokenCounts(0, 8)));
        assertThat(store().tokenCount(ACME_MODEL)).isEqualTo(9);
    }

    @Test
    default void theOperatorModelShouldKeepItsOwnStatisticsApartFromEveryTenants() {
        store().learn(ACME_MODEL, FIRST, Label.SPAM, hashes(1, 2));

        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(TrainingTotals.NONE);
        assertThat(store().counts(BayesModel.OPERATOR, hashes(1, 2))).isEmpty();
        assertThat(store().learn(BayesModel.OPERATOR, FIRST, Label.HAM, hashes(2, 3))).isEqualTo(LearnOutcome.LEARNT);

        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(new TrainingTotals(0, 1));
        assertThat(store().tokenCount(BayesModel.OPERATOR)).isEqualTo(2);
        assertThat(store().counts(BayesModel.OPERATOR, hashes(1, 2, 3))).isEqualTo(Map.of(2L, new TokenCounts(0, 1), 3L, new TokenCounts(0, 1)));
        assertThat(store().counts(ACME_MODEL, hashes(1, 2, 3))).isEqualTo(Map.of(1L, new TokenCounts(1, 0), 2L, new TokenCounts(1, 0)));
    }

    @Test
    default void theOperatorModelShouldCountAMessageOnceAndMoveItWhenRelabelled() {
        store().learn(BayesModel.OPERATOR, FIRST, Label.SPAM, hashes(1, 2));

        assertThat(store().learn(BayesModel.OPERATOR, FIRST, Label.SPAM, hashes(1, 2))).isEqualTo(LearnOutcome.ALREADY_KNOWN);
        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(new TrainingTotals(1, 0));
        assertThat(store().learn(BayesModel.OPERATOR, FIRST, Label.HAM, hashes(1, 2))).isEqualTo(LearnOutcome.RELABELLED);

        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(new TrainingTotals(0, 1));
        assertThat(store().counts(BayesModel.OPERATOR, hashes(1, 2))).isEqualTo(Map.of(1L, new TokenCounts(0, 1), 2L, new TokenCounts(0, 1)));
    }

    @Test
    default void theOperatorModelShouldOutliveTheTenantsWhoseDecisionsItLearnt() {
        store().learn(BayesModel.OPERATOR, FIRST, Label.SPAM, hashes(1));

        tenantStore().delete(ACME);

        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(new TrainingTotals(1, 0));
    }

    @Test
    default void concurrentLearnsOfTheSameMessageShouldCountItOnceInTheOperatorModel() throws Exception {
        List<LearnOutcome> outcomes = concurrently(8, writer -> store().learn(BayesModel.OPERATOR, FIRST, Label.HAM, hashes(1, 2)));

        assertThat(outcomes).containsOnlyOnce(LearnOutcome.LEARNT).containsOnly(LearnOutcome.LEARNT, LearnOutcome.ALREADY_KNOWN);
        assertThat(store().totals(BayesModel.OPERATOR)).isEqualTo(new TrainingTotals(0, 1));
    }

    /** A learner numbered from 0. */
    interface Learner {
        LearnOutcome learn(int writer);
    }

    private static List<LearnOutcome> concurrently(int writers, Learner learner) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LearnOutcome>> learns = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                learns.add(executor.submit(() -> {
                    start.await();
                    return learner.learn(writer);
                }));
            }
            start.countDown();
            List<LearnOutcome> outcomes = new ArrayList<>();
            for (Future<LearnOutcome> learn : learns) {
                outcomes.add(learn.get());
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }
}
