package org.gatehouse.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantConflictException;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JamesDomainTenantsTest {
    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private final ListedDomains domains = new ListedDomains();
    private JdbcTenantStore stored;

    @BeforeEach
    void setUp() {
        stored = new JdbcTenantStore(derby.database());
    }

    @Test
    void listShouldGiveEveryJamesDomainToOneTenantWhenSingle() {
        domains.add("example.test", "other.test");
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(false, TenantId.of("default")));

        assertThat(tenants.list()).singleElement().satisfies(tenant -> {
            assertThat(tenant.id()).isEqualTo(TenantId.of("default"));
            assertThat(tenant.domains()).containsExactly(DomainName.of("example.test"), DomainName.of("other.test"));
        });
    }

    @Test
    void listShouldGiveEachJamesDomainItsOwnTenantWhenPerDomain() {
        domains.add("example.test", "mail.other.test");
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(true, TenantId.of("default")));

        assertThat(tenants.list()).extracting(Tenant::id).containsExactly(TenantId.of("example-test"), TenantId.of("mail-other-test"));
    }

    @Test
    void listShouldRecordTheTenantsInTheStoreWhenJamesAddsADomain() {
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(false, TenantId.of("default")));
        assertThat(tenants.list()).isEmpty();

        domains.add("example.test");

        assertThat(tenants.list()).hasSize(1);
        assertThat(stored.get(TenantId.of("default")).map(Tenant::domains).orElseThrow()).containsExactly(DomainName.of("example.test"));
    }

    @Test
    void listShouldSkipAddressesJamesDetectedWhenTheyAreNoDomainNames() {
        domains.add("example.test", "127.0.0.1");
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(false, TenantId.of("default")));

        assertThat(tenants.list()).singleElement().extracting(Tenant::domains).isEqualTo(List.of(DomainName.of("example.test")));
    }

    @Test
    void ownerShouldBeFoundAtOnceWhenJamesHasJustAddedTheDomain() {
        domains.add("example.test");
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(true, TenantId.of("default")));
        JamesDomainTenantDirectory directory = new JamesDomainTenantDirectory(tenants);
        assertThat(directory.ownerOf("example.test")).isPresent();

        domains.add("new.test");

        assertThat(directory.ownerOf("new.test").map(Tenant::id)).contains(TenantId.of("new-test"));
        assertThat(directory.ownerOf("unknown.test")).isEmpty();
    }

    @Test
    void saveShouldBeRefusedWhenTenantsAreJamesDomains() {
        domains.add("example.test");
        JamesDomainTenants tenants = new JamesDomainTenants(stored, domains, new JamesDomainTenants.Mode(false, TenantId.of("default")));

        assertThatThrownBy(() -> tenants.save(tenants.list().get(0))).isInstanceOf(TenantConflictException.class)
            .hasMessageContaining("/domains");
        assertThatThrownBy(() -> tenants.delete(TenantId.of("default"))).isInstanceOf(TenantConflictException.class);
    }

    /** James's domain list as an administrator changes it. */
    private static final class ListedDomains implements DomainList {
        private final List<Domain> domains = new ArrayList<>();

        void add(String... names) {
            for (String name : names) {
                domains.add(Domain.of(name));
            }
        }

        @Override
        public List<Domain> getDomains() {
            return List.copyOf(domains);
        }

        @Override
        public boolean containsDomain(Domain domain) {
            return domains.contains(domain);
        }

        @Override
        public void addDomain(Domain domain) {
            domains.add(domain);
        }

        @Override
        public void removeDomain(Domain domain) {
            domains.remove(domain);
        }

        @Override
        public Domain getDefaultDomain() {
            return Domain.LOCALHOST;
        }
    }
}
