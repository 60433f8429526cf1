package org.gatehouse.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** What every {@link QuarantineActions} guarantees: one final action per entry, whoever asks and however often. */
public interface QuarantineActionsContract {
    TenantId ACME = TenantId.of("acme");
    Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    QuarantineActions actions();

    static QuarantineAction released(String id, String actor) {
        return new QuarantineAction(id, ACME, QuarantineAction.Kind.RELEASED, actor, T0, Optional.of("to bob@acme.example"));
    }

    @Test
    default void claimShouldRecordTheActionWhenTheEntryHasNone() {
        assertThat(actions().claim(released("acme.spam.1", "webadmin"))).isTrue();

        assertThat(actions().find("acme.spam.1")).contains(released("acme.spam.1", "webadmin"));
    }

    @Test
    default void claimShouldRefuseAndKeepTheFirstActionWhenTheEntryHasOne() {
        actions().claim(released("acme.spam.1", "webadmin"));

        assertThat(actions().claim(new QuarantineAction("acme.spam.1", ACME, QuarantineAction.Kind.DELETED, "other", T0.plusSeconds(5),
            Optional.empty()))).isFalse();
        assertThat(actions().find("acme.spam.1")).contains(released("acme.spam.1", "webadmin"));
    }

    @Test
    default void claimShouldSucceedExactlyOnceWhenManyAskAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String actor = "actor-" + i;
                claims.add(() -> actions().claim(released("acme.spam.race", actor)));
            }
            int successes = 0;
            for (Future<Boolean> result : pool.invokeAll(claims)) {
                successes += result.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void withdrawShouldAllowANewClaimWhenTheActionCouldNotBeCarriedOut() {
        actions().claim(released("acme.spam.1", "webadmin"));

        actions().withdraw("acme.spam.1");

        assertThat(actions().find("acme.spam.1")).isEmpty();
        assertThat(actions().claim(released("acme.spam.1", "again"))).isTrue();
    }

    @Test
    default void findShouldBeEmptyWhenNothingWasDone() {
        assertThat(actions().find("acme.spam.none")).isEmpty();
    }
}
