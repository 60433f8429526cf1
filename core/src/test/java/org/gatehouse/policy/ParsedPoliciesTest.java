package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

class ParsedPoliciesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private MutableClock clock;
    private TenantService service;
    private List<PolicyDocument> parsedDocuments;
    private ParsedPolicies<String> parsed;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));
        JdbcTenantStore tenantStore = new JdbcTenantStore(derby.database(), clock);
        JdbcPolicyStore policyStore = new JdbcPolicyStore(derby.database(), clock);
        TenantPolicies policies = new TenantPolicies(policyStore, clock);
        service = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of()), new TenantDirectory(tenantStore, clock), policies);
        service.save(TenantStoreContract.ACME, "alice");
        parsedDocuments = new ArrayList<>();
        parsed = new ParsedPolicies<>(policies, document -> {
            parsedDocuments.add(document);
            return document.asJsonString();
        });
        parsedDocuments.clear();
    }

    @Test
    void ofShouldParseAVersionOnceWhenTheDocumentsAreReloaded() {
        parsed.of(TenantStoreContract.ACME.id());
        for (int reload = 0; reload < 5; reload++) {
            clock.advance(TenantPolicies.MAX_AGE.plus(Duration.ofSeconds(1)));
            parsed.of(TenantStoreContract.ACME.id());
        }

        assertThat(parsedDocuments).hasSize(1);
    }

    @Test
    void versionedShouldParseTheNewVersionAndNameItWhenThePolicyChanges() throws Exception {
        ParsedPolicies.Versioned<String> before = parsed.versioned(TenantStoreContract.ACME.id());

        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"strict\"}"), "bob", Optional.empty());
        ParsedPolicies.Versioned<String> after = parsed.versioned(TenantStoreContract.ACME.id());

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.policy()).contains("strict");
        assertThat(parsedDocuments).hasSize(2);
    }

    @Test
    void atShouldGiveTheVersionADecisionWasMadeUnderWhenThePolicyChangedSince() throws Exception {
        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"first\"}"), "bob", Optional.empty());
        int decidedUnder = parsed.versioned(TenantStoreContract.ACME.id()).version();
        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"second\"}"), "bob", Optional.empty());

        ParsedPolicies.Versioned<String> applied = parsed.at(TenantStoreContract.ACME.id(), decidedUnder);

        assertThat(applied.version()).isEqualTo(decidedUnder);
        assertThat(applied.policy()).contains("first").doesNotContain("second");
        assertThat(parsed.versioned(TenantStoreContract.ACME.id()).policy()).contains("second");
    }

    @Test
    void atShouldParseAnOlderVersionOnceAndAVersionParsedWhenCurrentNotAgain() throws Exception {
        int base = parsed.versioned(TenantStoreContract.ACME.id()).version();
        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"first\"}"), "bob", Optional.empty());
        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"second\"}"), "bob", Optional.empty());
        parsedDocuments.clear();

        for (int part = 0; part < 3; part++) {
            parsed.at(TenantStoreContract.ACME.id(), base + 1);
            parsed.at(TenantStoreContract.ACME.id(), base);
        }

        assertThat(parsedDocuments).hasSize(1);
        assertThat(parsedDocuments.get(0).asJsonString()).contains("first");
    }

    @Test
    void atShouldGiveTheEmptyPolicyForVersionZero() {
        assertThat(parsed.at(TenantStoreContract.ACME.id(), 0).version()).isZero();
    }

    @Test
    void atShouldGiveTheCurrentPolicyWhenTheStoreNoLongerHasTheVersion() throws Exception {
        service.updatePolicy(TenantStoreContract.ACME.id(), MAPPER.readTree("{\"description\":\"first\"}"), "bob", Optional.empty());

        ParsedPolicies.Versioned<String> applied = parsed.at(TenantStoreContract.ACME.id(), 99);

        assertThat(applied.version()).isEqualTo(parsed.versioned(TenantStoreContract.ACME.id()).version());
    }
}
