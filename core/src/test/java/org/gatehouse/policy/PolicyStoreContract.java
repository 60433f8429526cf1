package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStore;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PolicyStore} guarantees; implemented by the Derby and PostgreSQL store tests. Policies belong to
 * tenants, so the implementation also supplies the tenant store of the same database, and the clock both read.
 */
public interface PolicyStoreContract {
    Instant T0 = Instant.parse("2024-03-01T10:15:30.123Z");
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");
    PolicyDocument FIRST = PolicyDocument.fromStoredJson("{\"description\":\"first\"}");
    PolicyDocument SECOND = PolicyDocument.fromStoredJson("{\"description\":\"second\",\"spam\":{\"threshold\":5.5,"
        + "\"actions\":[\"tag\",\"quarantine\"],\"enabled\":true}}");
    PolicyDocument THIRD = PolicyDocument.fromStoredJson("{\"description\":\"third: ünïcödé, \\\"quotes\\\" and 日本語\"}");

    PolicyStore policyStore();

    TenantStore tenantStore();

    /** The clock the policy store was built with; it starts at {@link #T0}. */
    MutableClock clock();

    private static Tenant tenant(TenantId id) {
        return Tenant.of(id, id.asString(), List.of(DomainName.of(id.asString() + ".example")),
            Downstream.of("mx." + id.asString() + ".example", 25, false), List.<Cidr>of());
    }

    @BeforeEach
    default void createTenants() {
        clock().setInstant(T0);
        tenantStore().save(tenant(ACME));
        tenantStore().save(tenant(GLOBEX));
    }

    @Test
    default void currentAllShouldReturnTheLatestVersionOfEveryTenant() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(ACME, SECOND, "alice", Optional.empty());
        PolicyVersion acmeLatest = policyStore().save(ACME, THIRD, "alice", Optional.empty());
        PolicyVersion globexOnly = policyStore().save(GLOBEX, FIRST, "bob", Optional.empty());

        assertThat(policyStore().currentAll()).containsOnly(entry(ACME, acmeLatest), entry(GLOBEX, globexOnly));
    }

    @Test
    default void currentShouldBeEmptyWhenNoVersionWasSaved() {
        assertThat(policyStore().current(ACME)).isEmpty();
    }

    @Test
    default void versionsShouldBeEmptyWhenNoVersionWasSaved() {
        assertThat(policyStore().versions(ACME)).isEmpty();
    }

    @Test
    default void saveShouldNumberTheFirstVersionOne() {
        assertThat(policyStore().save(ACME, FIRST, "alice", Optional.empty()).version()).isEqualTo(1);
    }

    @Test
    default void saveShouldNumberVersionsOneToN() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(ACME, SECOND, "bob", Optional.empty());
        policyStore().save(ACME, THIRD, "carol", Optional.empty());

        assertThat(policyStore().versions(ACME)).extracting(PolicyVersion::version).containsExactly(1, 2, 3);
    }

    @Test
    default void saveShouldNumberVersionsPerTenant() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(ACME, SECOND, "alice", Optional.empty());

        assertThat(policyStore().save(GLOBEX, THIRD, "bob", Optional.empty()).version()).isEqualTo(1);
        assertThat(policyStore().versions(GLOBEX)).extracting(PolicyVersion::document).containsExactly(THIRD);
    }

    @Test
    default void saveShouldRecordAuthorCommentAndTime() {
        policyStore().save(ACME, FIRST, "alice", Optional.of("initial"));

        PolicyVersion stored = policyStore().version(ACME, 1).orElseThrow();

        assertThat(stored).isEqualTo(new PolicyVersion(ACME, 1, FIRST, T0, "alice", Optional.of("initial")));
    }

    @Test
    default void saveShouldStoreNoCommentWhenNoneIsGiven() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());

        assertThat(policyStore().version(ACME, 1).orElseThrow().comment()).isEmpty();
    }

    @Test
    default void saveShouldReturnTheVersionAsItIsStored() {
        clock().setInstant(Instant.parse("2024-03-01T10:15:30.123456789Z"));

        PolicyVersion saved = policyStore().save(ACME, SECOND, "alice", Optional.of("precise"));

        assertThat(policyStore().version(ACME, 1)).contains(saved);
    }

    @Test
    default void saveShouldKeepTheDocumentUnchanged() {
        policyStore().save(ACME, SECOND, "alice", Optional.empty());
        policyStore().save(ACME, THIRD, "alice", Optional.empty());

        assertThat(policyStore().versions(ACME)).extracting(PolicyVersion::document).containsExactly(SECOND, THIRD);
    }

    @Test
    default void currentShouldReturnTheLatestVersion() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        clock().advance(Duration.ofMinutes(1));
        policyStore().save(ACME, SECOND, "bob", Optional.of("stricter"));

        assertThat(policyStore().current(ACME))
            .contains(new PolicyVersion(ACME, 2, SECOND, T0.plus(Duration.ofMinutes(1)), "bob", Optional.of("stricter")));
    }

    @Test
    default void currentShouldNotSeeVersionsOfAnotherTenant() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(GLOBEX, SECOND, "bob", Optional.empty());
        policyStore().save(GLOBEX, THIRD, "bob", Optional.empty());

        assertThat(policyStore().current(ACME).map(PolicyVersion::document)).contains(FIRST);
    }

    @Test
    default void versionsShouldListOldestFirstWithAuthorsCommentsAndTimes() {
        policyStore().save(ACME, FIRST, "alice", Optional.of("one"));
        clock().advance(Duration.ofSeconds(10));
        policyStore().save(ACME, SECOND, "bob", Optional.empty());
        clock().advance(Duration.ofSeconds(10));
        policyStore().save(ACME, THIRD, "carol", Optional.of("three"));

        assertThat(policyStore().versions(ACME)).containsExactly(
            new PolicyVersion(ACME, 1, FIRST, T0, "alice", Optional.of("one")),
            new PolicyVersion(ACME, 2, SECOND, T0.plusSeconds(10), "bob", Optional.empty()),
            new PolicyVersion(ACME, 3, THIRD, T0.plusSeconds(20), "carol", Optional.of("three")));
    }

    @Test
    default void versionShouldReturnThatVersion() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(ACME, SECOND, "bob", Optional.empty());
        policyStore().save(ACME, THIRD, "carol", Optional.empty());

        assertThat(policyStore().version(ACME, 2).map(PolicyVersion::document)).contains(SECOND);
    }

    @Test
    default void versionShouldReturnEmptyWhenVersionIsUnknown() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());

        assertThat(policyStore().version(ACME, 2)).isEmpty();
        assertThat(policyStore().version(ACME, 0)).isEmpty();
        assertThat(policyStore().version(GLOBEX, 1)).isEmpty();
    }

    @Test
    default void versionsShouldBeRemovedWithTheirTenant() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());
        policyStore().save(ACME, SECOND, "alice", Optional.empty());

        tenantStore().delete(ACME);
        tenantStore().save(tenant(ACME));

        assertThat(policyStore().versions(ACME)).isEmpty();
        assertThat(policyStore().save(ACME, THIRD, "alice", Optional.empty()).version()).isEqualTo(1);
    }

    @Test
    default void versionsShouldBeKeptWhenTenantIsUpdated() {
        policyStore().save(ACME, FIRST, "alice", Optional.empty());

        tenantStore().save(Tenant.of(ACME, "Acme renamed", List.of(DomainName.of("acme.org")),
            Downstream.of("mx.acme.org", 25, true), List.of()));

        assertThat(policyStore().versions(ACME)).extracting(PolicyVersion::document).containsExactly(FIRST);
    }

    @Test
    default void saveShouldNumberConcurrentVersionsWithoutGapsOrDuplicates() throws Exception {
        int writers = 4;
        int savesPerWriter = 5;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String author = "writer-" + writer;
                results.add(executor.submit(() -> {
                    start.await();
                    List<Integer> numbers = new ArrayList<>();
                    for (int i = 0; i < savesPerWriter; i++) {
                        numbers.add(policyStore().save(ACME, FIRST, author, Optional.empty()).version());
                    }
                    return numbers;
                }));
            }
            start.countDown();

            List<Integer> numbers = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                numbers.addAll(result.get());
            }

            List<Integer> expected = IntStream.rangeClosed(1, writers * savesPerWriter).boxed().toList();
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(policyStore().versions(ACME)).extracting(PolicyVersion::version).containsExactlyElementsOf(expected);
        } finally {
            executor.shutdownNow();
        }
    }
}
