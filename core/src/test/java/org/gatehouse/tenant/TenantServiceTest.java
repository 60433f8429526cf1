package org.gatehouse.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

class TenantServiceTest {
    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Tenant ACME = TenantStoreContract.ACME;
    private static final Tenant GLOBEX = TenantStoreContract.GLOBEX;

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private JdbcTenantStore tenantStore;
    private JdbcPolicyStore policyStore;
    private TenantDirectory directory;
    private TenantService service;

    @BeforeEach
    void setUp() {
        MutableClock clock = new MutableClock(NOW);
        tenantStore = new JdbcTenantStore(derby.database(), clock);
        policyStore = new JdbcPolicyStore(derby.database(), clock);
        // a clock that never moves: only invalidate() can refresh the directory
        directory = new TenantDirectory(tenantStore, clock);
        service = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of()), directory);
    }

    @Test
    void saveShouldStoreTheEmptyPolicyAsVersionOneWhenTenantIsCreated() {
        service.save(ACME, "alice");

        assertThat(policyStore.versions(ACME.id())).containsExactly(new PolicyVersion(ACME.id(), 1, PolicyDocument.empty(), NOW,
            "alice", Optional.of(TenantService.INITIAL_POLICY_COMMENT)));
    }

    @Test
    void saveShouldNotStoreAPolicyVersionWhenTenantIsUpdated() {
        service.save(ACME, "alice");

        assertThat(service.save(ACME, "bob")).isEqualTo(TenantStore.Outcome.UPDATED);
        assertThat(policyStore.versions(ACME.id())).hasSize(1);
    }

    @Test
    void saveShouldStoreNothingWhenADomainBelongsToAnotherTenant() {
        service.save(ACME, "alice");
        Tenant thief = Tenant.of(GLOBEX.id(), "Globex", List.of(DomainName.of("acme.example")), GLOBEX.downstream(), List.of());

        assertThatThrownBy(() -> service.save(thief, "mallory")).isInstanceOf(TenantConflictException.class);

        assertThat(service.get(GLOBEX.id())).isEmpty();
        assertThat(policyStore.versions(GLOBEX.id())).isEmpty();
    }

    @Test
    void saveShouldBeSeenByTheDirectoryAtOnce() {
        assertThat(directory.ownerOf("acme.example")).isEmpty();

        service.save(ACME, "alice");

        assertThat(directory.ownerOf("acme.example")).contains(ACME);
    }

    @Test
    void deleteShouldBeSeenByTheDirectoryAtOnce() {
        service.save(ACME, "alice");
        assertThat(directory.ownerOf("acme.example")).contains(ACME);

        assertThat(service.delete(ACME.id())).isTrue();

        assertThat(directory.ownerOf("acme.example")).isEmpty();
    }

    @Test
    void listShouldReturnEveryTenant() {
        service.save(GLOBEX, "alice");
        service.save(ACME, "alice");

        assertThat(service.list()).containsExactlyInAnyOrder(ACME, GLOBEX);
    }

    @Test
    void currentPolicyShouldBeEmptyWhenTenantIsUnknown() {
        assertThat(service.currentPolicy(ACME.id())).isEmpty();
    }

    @Test
    void currentPolicyShouldBeTheEmptyPolicyAsVersionZeroWhenNoVersionIsStored() {
        tenantStore.save(ACME);

        PolicyVersion current = service.currentPolicy(ACME.id()).orElseThrow();

        assertThat(current.version()).isZero();
        assertThat(current.document()).isEqualTo(PolicyDocument.empty());
    }

    @Test
    void updatePolicyShouldStoreANewVersion() throws Exception {
        service.save(ACME, "alice");

        PolicyVersion version = service.updatePolicy(ACME.id(), MAPPER.readTree("{\"description\":\"strict\"}"), "bob",
            Optional.of("audit"));

        assertThat(version.version()).isEqualTo(2);
        assertThat(service.currentPolicy(ACME.id())).contains(version);
    }

    @Test
    void updatePolicyShouldStoreNothingWhenDocumentIsInvalid() throws Exception {
        service.save(ACME, "alice");

        assertThatThrownBy(() -> service.updatePolicy(ACME.id(), MAPPER.readTree("{\"bogus\":{}}"), "bob", Optional.empty()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("bogus"));

        assertThat(service.policyVersions(ACME.id())).hasSize(1);
    }

    @Test
    void updatePolicyShouldThrowWhenTenantIsUnknown() throws Exception {
        assertThatThrownBy(() -> service.updatePolicy(ACME.id(), MAPPER.readTree("{}"), "bob", Optional.empty()))
            .isInstanceOf(TenantService.UnknownTenantException.class);
    }

    @Test
    void policyVersionsShouldThrowWhenTenantIsUnknown() {
        assertThatThrownBy(() -> service.policyVersions(ACME.id())).isInstanceOf(TenantService.UnknownTenantException.class);
    }

    @Test
    void restorePolicyShouldStoreTheEarlierDocumentAsANewVersion() throws Exception {
        service.save(ACME, "alice");
        service.updatePolicy(ACME.id(), MAPPER.readTree("{\"description\":\"strict\"}"), "bob", Optional.empty());

        PolicyVersion restored = service.restorePolicy(ACME.id(), 1, "carol");

        assertThat(restored.version()).isEqualTo(3);
        assertThat(restored.document()).isEqualTo(PolicyDocument.empty());
        assertThat(restored.author()).isEqualTo("carol");
        assertThat(restored.comment()).contains("restored from version 1");
    }

    @Test
    void restorePolicyShouldThrowWhenVersionIsUnknown() {
        service.save(ACME, "alice");

        assertThatThrownBy(() -> service.restorePolicy(ACME.id(), 5, "carol"))
            .isInstanceOf(TenantService.UnknownPolicyVersionException.class);
        assertThat(service.policyVersions(ACME.id())).hasSize(1);
    }

    @Test
    void restorePolicyShouldStoreNothingWhenTheEarlierDocumentIsNoLongerValid() {
        service.save(ACME, "alice");
        policyStore.save(ACME.id(), PolicyDocument.fromStoredJson("{\"retired\":{}}"), "alice", Optional.empty());
        service.restorePolicy(ACME.id(), 1, "carol");

        assertThatThrownBy(() -> service.restorePolicy(ACME.id(), 2, "carol"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo("retired"));
        assertThat(service.policyVersions(ACME.id())).hasSize(3);
    }

    @Test
    void saveShouldRefuseNamingTheFieldWhenTheTenantHasMoreDomainsOrNetworksThanTheLimits() {
        TenantService limited = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of()), directory,
            new org.gatehouse.policy.TenantPolicies(policyStore), new TenantLimits(2, 1, 10));
        List<DomainName> threeDomains = List.of(DomainName.of("a.example"), DomainName.of("b.example"), DomainName.of("c.example"));
        List<Cidr> twoNetworks = List.of(Cidr.parse("relayClients[0]", "192.0.2.0/24"), Cidr.parse("relayClients[1]", "198.51.100.0/24"));
        Downstream downstream = Downstream.of("127.0.0.1", 25, false);

        assertThatThrownBy(() -> limited.save(Tenant.of(TenantId.of("big"), "Big", threeDomains, downstream, List.of()), "alice"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage()).isEqualTo("domains: at most 2 entries, has 3"));
        assertThatThrownBy(() -> limited.save(Tenant.of(TenantId.of("big"), "Big", threeDomains.subList(0, 2), downstream, twoNetworks), "alice"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage()).isEqualTo("relayClients: at most 1 entries, has 2"));
        assertThat(tenantStore.list()).isEmpty();
        assertThat(limited.save(Tenant.of(TenantId.of("big"), "Big", threeDomains.subList(0, 2), downstream, twoNetworks.subList(0, 1)),
            "alice")).isEqualTo(TenantStore.Outcome.CREATED);
    }
}
