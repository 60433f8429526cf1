package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantSessionHookTest {
    private static final MaybeSender SENDER = MaybeSender.getMailSender("alice@sender.test");

    private final InMemoryTenantStore store = SmtpTestFixtures.tenants();
    private final TenantSessionHook hook = new TenantSessionHook(new TenantDirectory(store));

    @Test
    void doMailShouldAllowRelayingWhenTheClientIsATenantsRelayClient() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session().from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        HookResult result = hook.doMail(session, SENDER);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void doMailShouldNotAllowRelayingWhenTheClientIsNoTenantsRelayClient() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session().from(SmtpTestFixtures.CLIENT);

        HookResult result = hook.doMail(session, SENDER);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void doMailShouldKeepRelayingAllowedWhenJamesAlreadyAllowedIt() {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.CLIENT);

        hook.doMail(session, MaybeSender.nullSender());

        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void doMailShouldAnswer451AndNotAllowRelayingWhenTheTenantStoreCannotBeRead() {
        store.failWith(new IllegalStateException("database down"));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session().from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        HookResult result = hook.doMail(session, SENDER);

        assertTemporaryFailure(result);
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@acme.example", "carol@globex.example", "dave@elsewhere.example"})
    void doRcptShouldLeaveTheDecisionToLaterHooksWhenTheTenantStoreAnswers(String recipient) throws Exception {
        HookResult result = hook.doRcpt(new SmtpTestFixtures.Session(), SENDER, new MailAddress(recipient));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        store.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(hook.doRcpt(new SmtpTestFixtures.Session(), SENDER, new MailAddress("bob@acme.example")));
    }
}
