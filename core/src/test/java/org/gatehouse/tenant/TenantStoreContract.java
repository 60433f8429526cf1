package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/** What every {@link TenantStore} guarantees; implemented by the Derby and PostgreSQL store tests. */
public interface TenantStoreContract {
    TenantId ACME_ID = TenantId.of("acme");
    TenantId GLOBEX_ID = TenantId.of("globex");

    static Tenant tenant(TenantId id, String name, List<String> domains, List<String> relayClients) {
        return Tenant.of(id, name,
            domains.stream().map(DomainName::of).toList(),
            Downstream.of("mx." + id.asString() + ".example", 25, false),
            relayClients.stream().map(cidr -> Cidr.parse("relayClients", cidr)).toList());
    }

    Tenant ACME = tenant(ACME_ID, "Acme Corp", List.of("acme.example", "acme.test"), List.of("192.0.2.0/24"));
    Tenant GLOBEX = tenant(GLOBEX_ID, "Globex", List.of("globex.example"), List.of("198.51.100.0/24", "2001:db8:1::/48"));

    TenantStore tenantStore();

    @Test
    default void saveShouldReturnCreatedWhenTenantIsNew() {
        assertThat(tenantStore().save(ACME)).isEqualTo(TenantStore.Outcome.CREATED);
    }

    @Test
    default void saveShouldReturnUpdatedWhenTenantExists() {
        tenantStore().save(ACME);

        assertThat(tenantStore().save(ACME)).isEqualTo(TenantStore.Outcome.UPDATED);
    }

    @Test
    default void getShouldReturnSavedTenant() {
        tenantStore().save(ACME);

        assertThat(tenantStore().get(ACME_ID)).contains(ACME);
    }

    @Test
    default void getShouldReturnEmptyWhenTenantIsUnknown() {
        tenantStore().save(ACME);

        assertThat(tenantStore().get(GLOBEX_ID)).isEmpty();
    }

    @Test
    default void getShouldKeepEveryFieldWhenValuesAreAtTheirLimits() {
        String longLabel = "a".repeat(63);
        String longestDomain = String.join(".", longLabel, longLabel, longLabel, "b".repeat(61));
        String unicodeName = "Ünïcödé 株式会社 ";
        Tenant tenant = Tenant.of(ACME_ID, unicodeName + "n".repeat(Tenant.MAX_NAME_LENGTH - unicodeName.length()),
            List.of(DomainName.of(longestDomain)),
            Downstream.of("192.0.2.25", 65535, true),
            List.of(Cidr.parse("relayClients", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124"),
                Cidr.parse("relayClients", "0.0.0.0/0")));

        tenantStore().save(tenant);

        assertThat(tenantStore().get(ACME_ID)).contains(tenant);
    }

    @Test
    default void getShouldKeepTheOrderOfDomainsAndRelayClients() {
        Tenant tenant = tenant(ACME_ID, "Acme", List.of("zz.example", "aa.example", "mm.example"),
            List.of("203.0.113.0/24", "192.0.2.0/24", "2001:db8::/32"));

        tenantStore().save(tenant);

        assertThat(tenantStore().get(ACME_ID).orElseThrow().domains()).extracting(DomainName::asString)
            .containsExactly("zz.example", "aa.example", "mm.example");
        assertThat(tenantStore().get(ACME_ID).orElseThrow().relayClients()).extracting(Cidr::asString)
            .containsExactly("203.0.113.0/24", "192.0.2.0/24", "2001:db8::/32");
    }

    @Test
    default void saveShouldReplaceEveryFieldWhenTenantExists() {
        tenantStore().save(ACME);
        Tenant updated = Tenant.of(ACME_ID, "Acme Renamed", List.of(DomainName.of("acme.org")),
            Downstream.of("smtp.acme.org", 2525, true), List.of());

        tenantStore().save(updated);

        assertThat(tenantStore().get(ACME_ID)).contains(updated);
    }

    @Test
    default void saveShouldReleaseRemovedDomainsWhenTenantIsUpdated() {
        tenantStore().save(ACME);
        tenantStore().save(tenant(ACME_ID, "Acme Corp", List.of("acme.example"), List.of()));
        Tenant takesFreedDomain = tenant(GLOBEX_ID, "Globex", List.of("acme.test"), List.of("192.0.2.0/24"));

        assertThat(tenantStore().save(takesFreedDomain)).isEqualTo(TenantStore.Outcome.CREATED);
        assertThat(tenantStore().get(GLOBEX_ID)).contains(takesFreedDomain);
    }

    @Test
    default void listShouldBeEmptyWhenNoTenant() {
        assertThat(tenantStore().list()).isEmpty();
    }

    @Test
    default void listShouldReturnEveryTenant() {
        tenantStore().save(GLOBEX);
        tenantStore().save(ACME);

        assertThat(tenantStore().list()).containsExactlyInAnyOrder(ACME, GLOBEX);
    }

    @Test
    default void deleteShouldReturnTrueWhenTenantExisted() {
        tenantStore().save(ACME);

        assertThat(tenantStore().delete(ACME_ID)).isTrue();
    }

    @Test
    default void deleteShouldReturnFalseWhenTenantIsUnknown() {
        tenantStore().save(ACME);

        assertThat(tenantStore().delete(GLOBEX_ID)).isFalse();
    }

    @Test
    default void deleteShouldRemoveOnlyThatTenant() {
        tenantStore().save(ACME);
        tenantStore().save(GLOBEX);

        tenantStore().delete(ACME_ID);

        assertThat(tenantStore().get(ACME_ID)).isEmpty();
        assertThat(tenantStore().list()).containsExactly(GLOBEX);
    }

    @Test
    default void deleteShouldReleaseDomainsAndRelayClients() {
        tenantStore().save(ACME);
        tenantStore().delete(ACME_ID);
        Tenant reusing = tenant(GLOBEX_ID, "Globex", List.of("acme.example", "acme.test"), List.of("192.0.2.0/24"));

        assertThat(tenantStore().save(reusing)).isEqualTo(TenantStore.Outcome.CREATED);
        assertThat(tenantStore().get(GLOBEX_ID)).contains(reusing);
    }

    @Test
    default void saveShouldReturnCreatedWhenTenantWasDeleted() {
        tenantStore().save(ACME);
        tenantStore().delete(ACME_ID);

        assertThat(tenantStore().save(ACME)).isEqualTo(TenantStore.Outcome.CREATED);
        assertThat(tenantStore().get(ACME_ID)).contains(ACME);
    }

    @Test
    default void saveShouldThrowWhenNewTenantTakesADomainOfAnotherTenant() {
        tenantStore().save(ACME);
        Tenant thief = tenant(GLOBEX_ID, "Globex", List.of("globex.example", "acme.test"), List.of());

        assertThatThrownBy(() -> tenantStore().save(thief))
            .isInstanceOf(TenantConflictException.class)
            .hasMessageContaining("acme.test")
            .hasMessageContaining("acme");
    }

    @Test
    default void saveShouldChangeNothingWhenNewTenantTakesADomainOfAnotherTenant() {
        tenantStore().save(ACME);
        Tenant thief = tenant(GLOBEX_ID, "Globex", List.of("globex.example", "acme.test"), List.of());

        assertThatThrownBy(() -> tenantStore().save(thief)).isInstanceOf(TenantConflictException.class);

        assertThat(tenantStore().get(GLOBEX_ID)).isEmpty();
        assertThat(tenantStore().list()).containsExactly(ACME);
    }

    @Test
    default void saveShouldChangeNothingWhenExistingTenantTakesADomainOfAnotherTenant() {
        tenantStore().save(ACME);
        tenantStore().save(GLOBEX);
        Tenant thief = Tenant.of(GLOBEX_ID, "Globex renamed", List.of(DomainName.of("globex.org"), DomainName.of("acme.example")),
            Downstream.of("mx.globex.org", 587, true), List.of(Cidr.parse("relayClients", "203.0.113.0/24")));

        assertThatThrownBy(() -> tenantStore().save(thief)).isInstanceOf(TenantConflictException.class);

        assertThat(tenantStore().get(GLOBEX_ID)).contains(GLOBEX);
        assertThat(tenantStore().get(ACME_ID)).contains(ACME);
        Tenant takesGlobexOrg = tenant(TenantId.of("initech"), "Initech", List.of("globex.org"), List.of());
        assertThat(tenantStore().save(takesGlobexOrg)).isEqualTo(TenantStore.Outcome.CREATED);
    }

    @Test
    default void saveShouldThrowWhenRelayClientsOverlapThoseOfAnotherTenant() {
        tenantStore().save(ACME);
        Tenant overlapping = tenant(GLOBEX_ID, "Globex", List.of("globex.example"), List.of("192.0.2.128/25"));

        assertThatThrownBy(() -> tenantStore().save(overlapping))
            .isInstanceOf(TenantConflictException.class)
            .hasMessageContaining("192.0.2.128/25")
            .hasMessageContaining("192.0.2.0/24");
    }

    @Test
    default void saveShouldThrowWhenRelayClientsContainThoseOfAnotherTenant() {
        tenantStore().save(GLOBEX);
        Tenant wider = tenant(ACME_ID, "Acme", List.of("acme.example"), List.of("2001:db8::/32"));

        assertThatThrownBy(() -> tenantStore().save(wider)).isInstanceOf(TenantConflictException.class);
    }

    @Test
    default void saveShouldChangeNothingWhenRelayClientsOverlapThoseOfAnotherTenant() {
        tenantStore().save(ACME);
        tenantStore().save(GLOBEX);
        Tenant overlapping = Tenant.of(GLOBEX_ID, "Globex renamed", List.of(DomainName.of("globex.org")),
            Downstream.of("mx.globex.org", 25, false), List.of(Cidr.parse("relayClients", "192.0.2.7")));

        assertThatThrownBy(() -> tenantStore().save(overlapping)).isInstanceOf(TenantConflictException.class);

        assertThat(tenantStore().get(GLOBEX_ID)).contains(GLOBEX);
        assertThat(tenantStore().get(ACME_ID)).contains(ACME);
    }

    @Test
    default void saveShouldAcceptAdjacentRelayClientsOfAnotherTenant() {
        tenantStore().save(ACME);
        Tenant adjacent = tenant(GLOBEX_ID, "Globex", List.of("globex.example"), List.of("192.0.3.0/24", "192.0.1.0/24"));

        assertThat(tenantStore().save(adjacent)).isEqualTo(TenantStore.Outcome.CREATED);
    }

    @Test
    default void saveShouldAcceptOverlappingRelayClientsWithinOneTenant() {
        Tenant nested = tenant(ACME_ID, "Acme", List.of("acme.example"), List.of("10.0.0.0/8", "10.1.0.0/16"));

        tenantStore().save(nested);

        assertThat(tenantStore().get(ACME_ID)).contains(nested);
    }

    @Test
    default void saveShouldKeepOwnDomainsAndRelayClientsWhenTenantIsUpdated() {
        tenantStore().save(ACME);
        Tenant renamed = Tenant.of(ACME_ID, "Acme Renamed", ACME.domains(), ACME.downstream(), ACME.relayClients());

        assertThat(tenantStore().save(renamed)).isEqualTo(TenantStore.Outcome.UPDATED);
        assertThat(tenantStore().get(ACME_ID)).contains(renamed);
    }

    @Test
    default void saveShouldGiveADomainToOneTenantWhenSeveralClaimItConcurrently() throws Exception {
        assertOneOfConcurrentClaimantsWins(i -> tenant(TenantId.of("claimant-" + i), "Claimant " + i,
            List.of("own-" + i + ".example", "contested.example"), List.of()));
    }

    @Test
    default void saveShouldGiveOverlappingRelayClientsToOneTenantWhenSeveralClaimThemConcurrently() throws Exception {
        assertOneOfConcurrentClaimantsWins(i -> tenant(TenantId.of("claimant-" + i), "Claimant " + i,
            List.of("own-" + i + ".example"), List.of("10." + i + ".0.0/16", "192.0.2.0/" + (24 + i))));
    }

    private void assertOneOfConcurrentClaimantsWins(IntFunction<Tenant> claimants) throws Exception {
        int tenants = 4;
        ExecutorService executor = Executors.newFixedThreadPool(tenants);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TenantStore.Outcome>> saves = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                Tenant claimant = claimants.apply(i);
                saves.add(executor.submit(() -> {
                    start.await();
                    return tenantStore().save(claimant);
                }));
            }
            start.countDown();

            int created = 0;
            int conflicts = 0;
            for (Future<TenantStore.Outcome> save : saves) {
                try {
                    assertThat(save.get()).isEqualTo(TenantStore.Outcome.CREATED);
                    created++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TenantConflictException.class);
                    conflicts++;
                }
            }

            assertThat(created).isEqualTo(1);
            assertThat(conflicts).isEqualTo(tenants - 1);
            assertThat(tenantStore().list()).hasSize(1);
        } finally {
            executor.shutdownNow();
        }
    }
}
