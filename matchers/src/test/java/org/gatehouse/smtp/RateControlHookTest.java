package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.rate.InMemoryRateCounter;
import org.gatehouse.rate.RateControl;
import org.gatehouse.rate.RateCounter;
import org.gatehouse.rate.RateLimit;
import org.gatehouse.rate.RateSettings;
import org.gatehouse.sender.policy.SenderList;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

class RateControlHookTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final MaybeSender SENDER = MaybeSender.getMailSender("alice@sender.test");
    private static final RateCounter BROKEN_COUNTER = (key, limit, now) -> {
        throw new IllegalStateException("rate database down");
    };

    /** The refused attempts the hook's rate control counted. */
    static final class RecordedAttempts implements RateLimitedAttempts {
        record Attempt(String clientIp, Direction direction, Optional<TenantId> tenant) {
        }

        final List<Attempt> attempts = new ArrayList<>();

        @Override
        public void record(String clientIp, Direction direction, Optional<TenantId> tenant, Instant at) {
            attempts.add(new Attempt(clientIp, direction, tenant));
        }

        @Override
        public List<Summary> summary(Instant from, Instant to, Optional<TenantId> tenant, int limit) {
            return List.of();
        }
    }

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final TenantDirectory directory = new TenantDirectory(tenants);
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final RecordedAttempts attempts = new RecordedAttempts();

    private RateControlHook hook(RateSettings settings) {
        return hook(settings, new InMemoryRateCounter());
    }

    private RateControlHook hook(RateSettings settings, RateCounter counter) {
        return new RateControlHook(new RateControl(settings, new TenantPolicies(policies, CLOCK), counter, attempts, CLOCK), directory);
    }

    private void policy(TenantId tenant, String json) {
        policies.save(tenant, SmtpTestFixtures.policy(json), "test", Optional.empty());
    }

    private static RateSettings connections(int max) {
        return new RateSettings(Optional.empty(), Optional.empty(), SenderList.empty(), max);
    }

    private static RateSettings operatorLimits(Optional<RateLimit> inbound, Optional<RateLimit> outbound) {
        return new RateSettings(inbound, outbound, SenderList.empty(), 0);
    }

    private static Optional<RateLimit> perHalfHour(int messages) {
        return Optional.of(new RateLimit(messages, Duration.ofMinutes(30)));
    }

    private static SmtpTestFixtures.Session relayClientSession() {
        return new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);
    }

    private static void assertTooMuchMail(HookResult result, String client, String limit) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("452");
        assertThat(result.getSmtpDescription()).isEqualTo("4.7.1 Too much mail from " + client + " (limit of " + limit + "), try again later");
    }

    private static HookResult rcpt(RateControlHook hook, SmtpTestFixtures.Session session, String recipient) throws Exception {
        return hook.doRcpt(session, SENDER, new MailAddress(recipient));
    }

    @Test
    void onConnectShouldAcceptConnectionsUpToTheMaximumPerClient() {
        RateControlHook hook = hook(connections(2));

        assertThat(hook.onConnect(new SmtpTestFixtures.Session())).isNull();
        assertThat(hook.onConnect(new SmtpTestFixtures.Session())).isNull();
        assertThat(hook.onConnect(new SmtpTestFixtures.Session().from("192.0.2.11"))).isNull();
    }

    @Test
    void onConnectShouldAnswer421AndEndTheSessionWhenTheClientHoldsTooManyConnections() {
        RateControlHook hook = hook(connections(1));
        hook.onConnect(new SmtpTestFixtures.Session());

        Response response = hook.onConnect(new SmtpTestFixtures.Session());

        assertThat(response.getRetCode()).isEqualTo("421");
        assertThat(response.getLines()).map(CharSequence::toString)
            .containsExactly("421 4.7.0 Too many connections from 192.0.2.10, try again later");
        assertThat(response.isEndSession()).isTrue();
    }

    @Test
    void onDisconnectShouldFreeTheConnectionForTheNextOne() {
        RateControlHook hook = hook(connections(1));
        SmtpTestFixtures.Session first = new SmtpTestFixtures.Session();
        hook.onConnect(first);

        hook.onDisconnect(first);

        assertThat(hook.onConnect(new SmtpTestFixtures.Session())).isNull();
    }

    @Test
    void onDisconnectShouldUncountARefusedConnectionToo() {
        RateControlHook hook = hook(connections(1));
        SmtpTestFixtures.Session open = new SmtpTestFixtures.Session();
        SmtpTestFixtures.Session refused = new SmtpTestFixtures.Session();
        hook.onConnect(open);
        hook.onConnect(refused);

        hook.onDisconnect(refused);
        hook.onDisconnect(open);

        assertThat(hook.onConnect(new SmtpTestFixtures.Session())).isNull();
    }

    @Test
    void onDisconnectShouldNotUncountAConnectionThatWasNeverCounted() {
        RateControlHook hook = hook(connections(1));
        hook.onConnect(new SmtpTestFixtures.Session());

        hook.onDisconnect(new SmtpTestFixtures.Session());

        assertThat(hook.onConnect(new SmtpTestFixtures.Session()).getRetCode()).isEqualTo("421");
    }

    @Test
    void doMailShouldAnswer452WhenTheOperatorsInboundLimitIsReached() {
        RateControlHook hook = hook(operatorLimits(perHalfHour(1), Optional.empty()));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertThat(hook.doMail(session, SENDER).getResult()).isEqualTo(HookReturnCode.declined());
        HookResult refused = hook.doMail(session, SENDER);

        assertTooMuchMail(refused, "192.0.2.10", "1 messages per 30m");
        assertThat(attempts.attempts).containsExactly(new RecordedAttempts.Attempt("192.0.2.10", Direction.INBOUND, Optional.empty()));
    }

    @Test
    void doMailShouldAnswer452WithoutNamingTheTenantWhenARelayClientReachesItsTenantsOutboundLimit() {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"outbound\":{\"messages\":1,\"window\":\"1h\"}}}");
        RateControlHook hook = hook(RateSettings.none());

        assertThat(hook.doMail(relayClientSession(), SENDER).getResult()).isEqualTo(HookReturnCode.declined());
        HookResult refused = hook.doMail(relayClientSession(), SENDER);

        assertTooMuchMail(refused, SmtpTestFixtures.ACME_RELAY_CLIENT, "1 messages per 1h");
        assertThat(refused.getSmtpDescription()).doesNotContain("acme");
        assertThat(attempts.attempts).containsExactly(
            new RecordedAttempts.Attempt(SmtpTestFixtures.ACME_RELAY_CLIENT, Direction.OUTBOUND, Optional.of(SmtpTestFixtures.ACME)));
    }

    @Test
    void doMailShouldApplyTheOperatorsOutboundLimitToARelayClient() {
        RateControlHook hook = hook(operatorLimits(perHalfHour(100), perHalfHour(1)));

        hook.doMail(relayClientSession(), SENDER);

        assertTooMuchMail(hook.doMail(relayClientSession(), SENDER), SmtpTestFixtures.ACME_RELAY_CLIENT, "1 messages per 30m");
    }

    @Test
    void doMailShouldCountARelayClientAsInboundWhenTheSessionMayNotRelay() {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"outbound\":{\"messages\":1}}}");
        RateControlHook hook = hook(RateSettings.none());
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false).from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        hook.doMail(session, SENDER);

        assertThat(hook.doMail(session, SENDER).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doMailShouldAnswer451WhenTheRateCounterFails() {
        RateControlHook hook = hook(operatorLimits(perHalfHour(10), Optional.empty()), BROKEN_COUNTER);

        assertTemporaryFailure(hook.doMail(new SmtpTestFixtures.Session(), SENDER));
    }

    @Test
    void doMailShouldAnswer451WhenTheTenantStoreCannotBeReadForARelayingClient() {
        tenants.failWith(new IllegalStateException("database down"));
        RateControlHook hook = hook(RateSettings.none());

        assertTemporaryFailure(hook.doMail(relayClientSession(), SENDER));
    }

    @Test
    void doRcptShouldAnswer452WhenTheTenantsInboundLimitIsReached() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1,\"window\":\"10m\"}}}");
        RateControlHook hook = hook(RateSettings.none());
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        assertThat(rcpt(hook, session, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
        session.resetState();

        HookResult refused = rcpt(hook, session, "bob@acme.example");

        assertTooMuchMail(refused, "192.0.2.10", "1 messages per 10m");
        assertThat(refused.getSmtpDescription()).doesNotContain("acme");
        assertThat(attempts.attempts).containsExactly(
            new RecordedAttempts.Attempt("192.0.2.10", Direction.INBOUND, Optional.of(SmtpTestFixtures.ACME)));
    }

    @Test
    void doRcptShouldCountAMessageOnceWhateverTheNumberOfItsRecipientsAtOneTenant() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1}}}");
        RateControlHook hook = hook(RateSettings.none());
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertThat(rcpt(hook, session, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(hook, session, "carol@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(attempts.attempts).isEmpty();
    }

    @Test
    void doRcptShouldRefuseEveryRecipientOfATenantOnceOneWasRefusedButCountTheAttemptOnce() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1}}}");
        RateControlHook hook = hook(RateSettings.none());
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        rcpt(hook, session, "bob@acme.example");
        session.resetState();

        HookResult first = rcpt(hook, session, "bob@acme.example");
        HookResult second = rcpt(hook, session, "carol@acme.example");

        assertThat(first.getSmtpRetCode()).isEqualTo("452");
        assertThat(second.getSmtpRetCode()).isEqualTo("452");
        assertThat(attempts.attempts).hasSize(1);
    }

    @Test
    void doRcptShouldAcceptRecipientsOfATenantUnderItsLimitWhenAnotherTenantRefused() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1}}}");
        policy(SmtpTestFixtures.GLOBEX, "{\"rate\":{\"inbound\":{\"messages\":5}}}");
        RateControlHook hook = hook(RateSettings.none());
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        rcpt(hook, session, "bob@acme.example");
        session.resetState();

        assertThat(rcpt(hook, session, "bob@acme.example").getSmtpRetCode()).isEqualTo("452");
        assertThat(rcpt(hook, session, "carol@globex.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(hook, session, "dave@elsewhere.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldNotApplyInboundLimitsToARelayingClient() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1}}}");
        RateControlHook hook = hook(RateSettings.none(), BROKEN_COUNTER);

        assertThat(rcpt(hook, relayClientSession(), "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAnswer451WhenTheRateCounterFails() throws Exception {
        policy(SmtpTestFixtures.ACME, "{\"rate\":{\"inbound\":{\"messages\":1}}}");
        RateControlHook hook = hook(RateSettings.none(), BROKEN_COUNTER);

        assertTemporaryFailure(rcpt(hook, new SmtpTestFixtures.Session(), "bob@acme.example"));
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));
        RateControlHook hook = hook(RateSettings.none());

        assertTemporaryFailure(rcpt(hook, new SmtpTestFixtures.Session(), "bob@acme.example"));
    }

    @Test
    void doRcptShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        policies.failWith(new IllegalStateException("database down"));
        RateControlHook hook = hook(RateSettings.none());

        assertTemporaryFailure(rcpt(hook, new SmtpTestFixtures.Session(), "bob@acme.example"));
    }
}
