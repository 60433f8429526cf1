package org.gatehouse.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.JdbcRateLimitedAttempts;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.policy.JdbcPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.store.DerbyDatabaseExtension;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStoreContract;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

class RateControlTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TenantId ACME = TenantStoreContract.ACME.id();

    @RegisterExtension
    DerbyDatabaseExtension derby = new DerbyDatabaseExtension();

    private MutableClock clock;
    private TenantService service;
    private TenantPolicies policies;
    private RateLimitedAttempts attempts;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(NOW);
        JdbcTenantStore tenantStore = new JdbcTenantStore(derby.database(), clock);
        JdbcPolicyStore policyStore = new JdbcPolicyStore(derby.database(), clock);
        policies = new TenantPolicies(policyStore, clock);
        service = new TenantService(tenantStore, policyStore, new PolicySchema(Set.of(new RatePolicySection())),
            new TenantDirectory(tenantStore, clock), policies);
        service.save(TenantStoreContract.ACME, "alice");
        attempts = new JdbcRateLimitedAttempts(derby.database());
    }

    private RateControl control(RateSettings settings) {
        return new RateControl(settings, policies, new InMemoryRateCounter(), attempts, clock);
    }

    private void policy(String json) throws Exception {
        service.updatePolicy(ACME, MAPPER.readTree(json), "alice", Optional.empty());
    }

    private static InetAddress ip(String value) throws Exception {
        return InetAddress.getByName(value);
    }

    private static RateSettings inbound(int messages) {
        return new RateSettings(Optional.of(new RateLimit(messages, Duration.ofMinutes(30))), Optional.empty(),
            org.gatehouse.sender.policy.SenderList.empty(), 0);
    }

    @Test
    void atMailFromShouldRefuseTheMessageOverTheOperatorsInboundLimitAndCountTheAttempt() throws Exception {
        RateControl control = control(inbound(2));

        assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example")).isEmpty();
        assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example")).isEmpty();
        Optional<RateControl.Refusal> refusal = control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example");

        assertThat(refusal).hasValueSatisfying(refused -> assertThat(refused.describe()).isEqualTo("limit of 2 messages per 30m"));
        assertThat(attempts.summary(NOW.minusSeconds(3600), NOW.plusSeconds(3600), 10))
            .containsExactly(new RateLimitedAttempts.Summary("192.0.2.1", Direction.INBOUND, Optional.empty(), 1, NOW));
    }

    @Test
    void atMailFromShouldAllowAgainWhenTheWindowSlides() throws Exception {
        RateControl control = control(inbound(1));
        control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example");
        assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example")).isPresent();

        clock.advance(Duration.ofMinutes(30));

        assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example")).isEmpty();
    }

    @Test
    void atMailFromShouldNotLimitAnExemptNetworkOrSender() throws Exception {
        RateSettings settings = new RateSettings(Optional.of(new RateLimit(1, Duration.ofMinutes(30))), Optional.empty(),
            RateSettings.exemptions(List.of("198.51.100.0/24", "alerts@monitor.example"), "rate.exempt"), 0);
        RateControl control = control(settings);

        for (int i = 0; i < 3; i++) {
            assertThat(control.atMailFrom(ip("198.51.100.9"), Optional.empty(), "x@sender.example")).isEmpty();
            assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "alerts@monitor.example")).isEmpty();
        }
    }

    @Test
    void atMailFromShouldCountAnIpv6ClientByItsSlash64() throws Exception {
        RateControl control = control(inbound(1));

        control.atMailFrom(ip("2001:db8:1:2::1"), Optional.empty(), "a@sender.example");

        assertThat(control.atMailFrom(ip("2001:db8:1:2:ffff::7"), Optional.empty(), "a@sender.example")).isPresent();
        assertThat(control.atMailFrom(ip("2001:db8:1:3::1"), Optional.empty(), "a@sender.example")).isEmpty();
        assertThat(RateControl.clientKey(ip("2001:db8:1:2:ffff::7"))).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void atMailFromShouldApplyTheRelayTenantsOutboundLimit() throws Exception {
        policy("{\"rate\": {\"outbound\": {\"messages\": 1, \"window\": \"10m\"}}}");
        RateControl control = control(RateSettings.none());

        assertThat(control.atMailFrom(ip("192.0.2.50"), Optional.of(ACME), "bob@acme.example")).isEmpty();
        assertThat(control.atMailFrom(ip("192.0.2.50"), Optional.of(ACME), "bob@acme.example"))
            .hasValueSatisfying(refusal -> assertThat(refusal.tenant()).contains(ACME));
        assertThat(attempts.summary(NOW.minusSeconds(3600), NOW.plusSeconds(3600), 10))
            .extracting(RateLimitedAttempts.Summary::direction).containsExactly(Direction.OUTBOUND);
        assertThat(attempts.summary(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(ACME), 10)).hasSize(1);
        assertThat(attempts.summary(NOW.minusSeconds(3600), NOW.plusSeconds(3600), Optional.of(TenantId.of("globex")), 10)).isEmpty();
    }

    @Test
    void atFirstRecipientOfShouldApplyTheTenantsInboundLimitUnlessItExemptsTheSender() throws Exception {
        policy("{\"rate\": {\"inbound\": {\"messages\": 1}, \"exempt\": [{\"type\": \"domain\", \"value\": \"partner.example\"}]}}");
        RateControl control = control(RateSettings.none());

        assertThat(control.atFirstRecipientOf(ip("192.0.2.1"), ACME, "a@sender.example")).isEmpty();
        assertThat(control.atFirstRecipientOf(ip("192.0.2.1"), ACME, "a@sender.example")).isPresent();
        assertThat(control.atFirstRecipientOf(ip("192.0.2.1"), ACME, "b@partner.example")).isEmpty();
        assertThat(control.atMailFrom(ip("192.0.2.1"), Optional.empty(), "a@sender.example")).isEmpty();
    }

    @Test
    void connectionOpenedShouldRefuseBeyondTheMaximumUntilAConnectionCloses() {
        RateControl control = control(new RateSettings(Optional.empty(), Optional.empty(),
            org.gatehouse.sender.policy.SenderList.empty(), 2));

        assertThat(control.connectionOpened("192.0.2.1")).isTrue();
        assertThat(control.connectionOpened("192.0.2.1")).isTrue();
        assertThat(control.connectionOpened("192.0.2.1")).isFalse();
        assertThat(control.connectionOpened("192.0.2.2")).isTrue();
        control.connectionClosed("192.0.2.1");
        control.connectionClosed("192.0.2.1");

        assertThat(control.connectionOpened("192.0.2.1")).isTrue();
    }
}
