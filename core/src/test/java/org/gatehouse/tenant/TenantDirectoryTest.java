package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class TenantDirectoryTest {
    /** Counts how often it is listed, and can run something while a listing is under way. */
    static class CountingTenantStore extends InMemoryTenantStore {
        private int listCalls;
        private Runnable duringNextList = () -> { };

        @Override
        public List<Tenant> list() {
            List<Tenant> result;
            synchronized (this) {
                listCalls++;
                result = super.list();
            }
            Runnable hook = duringNextList;
            duringNextList = () -> { };
            hook.run();
            return result;
        }

        /** Runs something after the next listing has read the tenants, before it returns them. */
        void duringNextList(Runnable hook) {
            this.duringNextList = hook;
        }

        synchronized int listCalls() {
            return listCalls;
        }
    }

    private static Tenant tenant(String id, List<String> domains, List<String> relayClients) {
        return Tenant.of(TenantId.of(id), id, domains.stream().map(DomainName::of).toList(),
            Downstream.of("mx." + id + ".example", 25, false),
            relayClients.stream().map(cidr -> Cidr.parse("relayClients", cidr)).toList());
    }

    private static final Tenant ACME = tenant("acme", List.of("acme.example", "acme.test"), List.of("10.0.0.0/8"));
    private static final Tenant GLOBEX = tenant("globex", List.of("globex.example"), List.of("10.1.2.0/24", "2001:db8::/32"));

    private CountingTenantStore store;
    private MutableClock clock;
    private TenantDirectory directory;

    @BeforeEach
    void setUp() {
        store = new CountingTenantStore();
        store.save(ACME);
        store.save(GLOBEX);
        clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));
        directory = new TenantDirectory(store, clock);
    }

    @Test
    void ownerOfShouldReturnTheTenantOwningTheDomain() {
        assertThat(directory.ownerOf("acme.test")).contains(ACME);
        assertThat(directory.ownerOf("globex.example")).contains(GLOBEX);
    }

    @Test
    void ownerOfShouldIgnoreCase() {
        assertThat(directory.ownerOf("ACME.Example")).contains(ACME);
    }

    @Test
    void ownerOfShouldIgnoreTheTrailingDot() {
        assertThat(directory.ownerOf("Acme.Example.")).contains(ACME);
    }

    @Test
    void ownerOfShouldReturnEmptyWhenNoTenantOwnsTheDomain() {
        assertThat(directory.ownerOf("initech.example")).isEmpty();
    }

    @Test
    void ownerOfShouldNotMatchSubdomains() {
        assertThat(directory.ownerOf("mail.acme.example")).isEmpty();
    }

    @Test
    void ownerOfShouldReturnEmptyWhenDomainIsNull() {
        assertThat(directory.ownerOf(null)).isEmpty();
    }

    @Test
    void allDomainsShouldListTheDomainsOfEveryTenant() {
        assertThat(directory.allDomains()).containsExactlyInAnyOrder("acme.example", "acme.test", "globex.example");
    }

    @Test
    void getShouldReturnTheTenant() {
        assertThat(directory.get(TenantId.of("globex"))).contains(GLOBEX);
        assertThat(directory.get(TenantId.of("initech"))).isEmpty();
    }

    @Test
    void relayClientTenantShouldPickTheMostSpecificNetwork() {
        assertThat(directory.relayClientTenant(InetAddresses.forString("10.1.2.3"))).contains(GLOBEX);
        assertThat(directory.relayClientTenant(InetAddresses.forString("10.1.3.3"))).contains(ACME);
    }

    @Test
    void relayClientTenantShouldPickTheMostSpecificNetworkWhateverTheOrderOfTenants() {
        InMemoryTenantStore reversed = InMemoryTenantStore.of(GLOBEX, ACME);
        TenantDirectory reversedDirectory = new TenantDirectory(reversed, clock);

        assertThat(reversedDirectory.relayClientTenant(InetAddresses.forString("10.1.2.3"))).contains(GLOBEX);
    }

    @Test
    void relayClientTenantShouldMatchIPv6Networks() {
        assertThat(directory.relayClientTenant("2001:db8:1::25")).contains(GLOBEX);
    }

    @Test
    void relayClientTenantShouldReturnEmptyWhenNoNetworkContainsTheAddress() {
        assertThat(directory.relayClientTenant("192.0.2.1")).isEmpty();
        assertThat(directory.relayClientTenant("2001:db9::1")).isEmpty();
    }

    @Test
    void relayClientTenantShouldReturnEmptyWhenAddressIsNotAnIpAddress() {
        assertThat(directory.relayClientTenant("mail.acme.example")).isEmpty();
        assertThat(directory.relayClientTenant((String) null)).isEmpty();
    }

    @Test
    void ownerOfShouldServeTheSnapshotWhileItIsFresh() {
        directory.ownerOf("acme.example");
        store.save(tenant("initech", List.of("initech.example"), List.of()));
        clock.advance(TenantDirectory.MAX_AGE);

        assertThat(directory.ownerOf("initech.example")).isEmpty();
        assertThat(directory.relayClientTenant("10.1.2.3")).contains(GLOBEX);
        assertThat(store.listCalls()).isEqualTo(1);
    }

    @Test
    void ownerOfShouldReloadWhenTheSnapshotIsOlderThanMaxAge() {
        directory.ownerOf("acme.example");
        Tenant initech = tenant("initech", List.of("initech.example"), List.of());
        store.save(initech);

        clock.advance(TenantDirectory.MAX_AGE.plus(Duration.ofMillis(1)));

        assertThat(directory.ownerOf("initech.example")).contains(initech);
    }

    @Test
    void invalidateShouldMakeAChangeVisibleAtOnce() {
        directory.ownerOf("acme.example");
        Tenant movedDomain = tenant("globex", List.of("globex.example", "globex.test"), List.of());
        store.save(movedDomain);
        store.delete(ACME.id());

        directory.invalidate();

        assertThat(directory.ownerOf("globex.test")).contains(movedDomain);
        assertThat(directory.ownerOf("acme.example")).isEmpty();
        assertThat(directory.relayClientTenant("10.0.0.1")).isEmpty();
    }

    @Test
    void invalidateShouldMakeAChangeVisibleWhenItHappensWhileTheSnapshotIsBeingLoaded() {
        Tenant initech = tenant("initech", List.of("initech.example"), List.of());
        store.duringNextList(() -> {
            store.save(initech);
            directory.invalidate();
        });

        assertThat(directory.ownerOf("initech.example")).isEmpty();
        assertThat(directory.ownerOf("initech.example")).contains(initech);
    }
}
