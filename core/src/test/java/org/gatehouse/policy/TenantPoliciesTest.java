package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStoreContract;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

class TenantPoliciesTest {
    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private MutableClock clock;
    private JdbcPolicyStore policyStore;
    private TenantPolicies policies;
    private TenantService service;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        JdbcTenantStore tenantStore = new JdbcTenantStore(derby.database(), clock);
        policyStore = new JdbcPolicyStore(derby.database(), clock);
        policies = new TenantPolicies(policyStore, clock);
        service = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of()), new TenantDirectory(tenantStore, clock), policies);
        service.save(TenantStoreContract.ACME, "alice");
    }

    private static PolicyDocument described(String description) {
        return PolicyDocument.fromStoredJson("{\"description\":\"" + description + "\"}");
    }

    @Test
    void currentShouldReturnTheEmptyPolicyOfANewTenant() {
        assertThat(policies.current(TenantStoreContract.ACME.id())).isEqualTo(PolicyDocument.empty());
    }

    @Test
    void currentShouldReturnAnUpdateMadeThroughTheServiceAtOnce() throws Exception {
        policies.current(TenantStoreContract.ACME.id());

        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"strict\"}"), "bob", Optional.empty());

        assertThat(policies.current(TenantStoreContract.ACME.id())).isEqualTo(described("strict"));
    }

    @Test
    void currentShouldSeeAChangeMadeElsewhereOnceTheSnapshotIsOlderThanItsMaximumAge() {
        policies.current(TenantStoreContract.ACME.id());
        policyStore.save(TenantStoreContract.ACME.id(), described("other node"), "carol", Optional.empty());

        assertThat(policies.current(TenantStoreContract.ACME.id())).isEqualTo(PolicyDocument.empty());
        clock.setInstant(NOW.plus(TenantPolicies.MAX_AGE).plus(Duration.ofMillis(1)));
        assertThat(policies.current(TenantStoreContract.ACME.id())).isEqualTo(described("other node"));
    }
}
