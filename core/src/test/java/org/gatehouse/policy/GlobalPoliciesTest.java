package org.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.gatehouse.sender.policy.SenderEntry;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.testing.MutableClock;
import org.gatehouse.validation.InvalidFieldException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;

class GlobalPoliciesTest {
    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final InetAddress CLIENT = InetAddresses.forString("203.0.113.7");
    private static final String BLOCK_SPAM = "{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"spam.example\"}]}}";

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private MutableClock clock;
    private JdbcGlobalPolicyStore store;
    private GlobalPolicies policies;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        store = new JdbcGlobalPolicyStore(derby.database(), clock);
        policies = new GlobalPolicies(store, clock);
    }

    private static JsonNode json(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static boolean blocks(SenderLists lists, String sender) {
        return lists.blockMatch(CLIENT, sender, Optional.empty()).isPresent();
    }

    @Test
    void globalShouldBeEmptyWhenNoVersionWasStored() {
        assertThat(policies.global()).isEqualTo(SenderLists.empty());
        assertThat(policies.current().version()).isZero();
    }

    @Test
    void updateShouldApplyToTheNextReadWhenMadeThroughThisProcess() throws Exception {
        assertThat(blocks(policies.global(), "a@spam.example")).isFalse();

        policies.update(json(BLOCK_SPAM), "alice", Optional.of("spam"));

        assertThat(blocks(policies.global(), "a@spam.example")).isTrue();
        assertThat(policies.current().version()).isEqualTo(1);
        assertThat(policies.current().author()).isEqualTo("alice");
    }

    @Test
    void globalShouldKeepItsSnapshotWithinMaxAgeWhenAnotherProcessWrites() throws Exception {
        policies.global();
        store.save(PolicyDocument.fromStoredJson(BLOCK_SPAM), "other-node", Optional.empty());

        clock.setInstant(NOW.plus(GlobalPolicies.MAX_AGE));
        assertThat(blocks(policies.global(), "a@spam.example")).isFalse();

        clock.setInstant(NOW.plus(GlobalPolicies.MAX_AGE).plus(Duration.ofMillis(1)));
        assertThat(blocks(policies.global(), "a@spam.example")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"spam\":{}}                                                               | spam",
        "{\"sender\":{\"exemptions\":{}}}                                            | sender.exemptions",
        "{\"sender\":{\"blockAction\":\"block\"}}                                    | sender.blockAction",
        "{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"not a domain\"}]}} | sender.block[0].value",
        "{\"sender\":{\"allow\":[{\"type\":\"ip\",\"value\":\"192.0.2.1\"}],\"block\":[{\"type\":\"ip\",\"value\":\"192.0.2.1\"}]}} | sender.block[0].value",
        "{\"sender\":[]}                                                             | sender",
        "[]                                                                          | $"
    })
    void updateShouldRefuseWithThePathAndStoreNothingWhenTheDocumentIsInvalid(String document, String path) throws Exception {
        assertThatThrownBy(() -> policies.update(json(document), "alice", Optional.empty()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getField()).isEqualTo(path));

        assertThat(store.versions()).isEmpty();
    }

    @Test
    void updateShouldStoreTheDocumentAsGiven() throws Exception {
        GlobalPolicyVersion version = policies.update(json(BLOCK_SPAM), "alice", Optional.empty());

        assertThat(version.document().asJson()).isEqualTo(json(BLOCK_SPAM));
        assertThat(policies.global().block().find(SenderEntry.Key.of(SenderEntry.Type.DOMAIN, "spam.example", "value"))).isPresent();
    }

    @Test
    void updateShouldRefuseNamingTheListWhenItHasMoreEntriesThanTheLimit() throws Exception {
        GlobalPolicies limited = new GlobalPolicies(store, new org.gatehouse.tenant.TenantLimits(10, 10, 1), clock);

        assertThatThrownBy(() -> limited.update(json("{\"sender\":{\"block\":[{\"type\":\"domain\",\"value\":\"a.example\"},"
            + "{\"type\":\"domain\",\"value\":\"b.example\"}]}}"), "alice", Optional.empty()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage()).isEqualTo("sender.block: at most 1 entries, has 2"));
        assertThat(limited.current().version()).isZero();
        assertThat(limited.update(json(BLOCK_SPAM), "alice", Optional.empty()).version()).isEqualTo(1);
    }
}
