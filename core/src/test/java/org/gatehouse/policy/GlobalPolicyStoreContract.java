package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link GlobalPolicyStore} guarantees; implemented by the Derby and PostgreSQL store tests. */
public interface GlobalPolicyStoreContract {
    Instant T0 = Instant.parse("2024-03-01T10:15:30.123Z");
    PolicyDocument FIRST = PolicyDocument.fromStoredJson("{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"spam.example\"}]}}");
    PolicyDocument SECOND = PolicyDocument.fromStoredJson("{\"sender\":{\"allow\":[{\"type\":\"ip\",\"value\":\"192.0.2.0/24\","
        + "\"comment\":\"partner: ünïcödé, \\\"quotes\\\" and 日本語\"}]}}");

    GlobalPolicyStore store();

    /** The clock the store was built with; it starts at {@link #T0}. */
    MutableClock clock();

    @BeforeEach
    default void resetClock() {
        clock().setInstant(T0);
    }

    @Test
    default void currentShouldBeEmptyWhenNoVersionWasSaved() {
        assertThat(store().current()).isEmpty();
    }

    @Test
    default void versionsShouldBeEmptyWhenNoVersionWasSaved() {
        assertThat(store().versions()).isEmpty();
    }

    @Test
    default void saveShouldNumberTheFirstVersionOne() {
        GlobalPolicyVersion saved = store().save(FIRST, "alice", Optional.of("first"));

        assertThat(saved).isEqualTo(new GlobalPolicyVersion(1, FIRST, T0, "alice", Optional.of("first")));
    }

    @Test
    default void currentShouldReturnTheLatestVersionAsSaved() {
        store().save(FIRST, "alice", Optional.empty());
        clock().setInstant(T0.plus(Duration.ofMinutes(1)));
        GlobalPolicyVersion second = store().save(SECOND, "bob", Optional.of("partner"));

        assertThat(store().current()).contains(second);
    }

    @Test
    default void versionsShouldListEveryVersionOldestFirst() {
        GlobalPolicyVersion first = store().save(FIRST, "alice", Optional.empty());
        GlobalPolicyVersion second = store().save(SECOND, "bob", Optional.empty());
        GlobalPolicyVersion third = store().save(FIRST, "carol", Optional.of("back to the first"));

        assertThat(store().versions()).containsExactly(first, second, third);
    }

    @Test
    default void saveShouldKeepEarlierVersionsUnchanged() {
        GlobalPolicyVersion first = store().save(FIRST, "alice", Optional.empty());
        store().save(SECOND, "bob", Optional.empty());

        assertThat(store().versions().get(0)).isEqualTo(first);
    }

    @Test
    default void concurrentSavesShouldEachGetTheirOwnVersion() throws Exception {
        int writers = 8;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GlobalPolicyVersion>> saves = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String author = "writer-" + i;
                saves.add(executor.submit(() -> {
                    start.await();
                    return store().save(FIRST, author, Optional.empty());
                }));
            }
            start.countDown();
            List<Integer> numbers = new ArrayList<>();
            for (Future<GlobalPolicyVersion> save : saves) {
                numbers.add(save.get().version());
            }

            assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(store().versions()).extracting(GlobalPolicyVersion::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            executor.shutdownNow();
        }
    }
}
