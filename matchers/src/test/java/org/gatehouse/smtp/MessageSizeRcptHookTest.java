package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageSizeRcptHookTest {
    private static final MaybeSender SENDER = MaybeSender.getMailSender("alice@sender.test");

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final MessageSizeRcptHook hook = new MessageSizeRcptHook(new TenantDirectory(tenants),
        new ContentPolicies(new TenantPolicies(policies)));

    @BeforeEach
    void setUp() {
        policies.save(SmtpTestFixtures.ACME, SmtpTestFixtures.policy("{\"content\":{\"maxMessageBytes\":1000}}"), "test", Optional.empty());
        policies.save(SmtpTestFixtures.GLOBEX, SmtpTestFixtures.policy("{\"content\":{\"maxMessageBytes\":5000}}"), "test", Optional.empty());
    }

    /** A session whose client declared {@code size} at MAIL FROM, as James's SIZE extension records it. */
    private static SmtpTestFixtures.Session declaring(SmtpTestFixtures.Session session, int size) {
        session.setAttachment(ProtocolSession.AttachmentKey.of("MESG_SIZE", Integer.class), size, ProtocolSession.State.Transaction);
        return session;
    }

    private static SmtpTestFixtures.Session declaring(int size) {
        return declaring(new SmtpTestFixtures.Session(), size);
    }

    private HookResult rcpt(SmtpTestFixtures.Session session, String recipient) throws Exception {
        return hook.doRcpt(session, SENDER, new MailAddress(recipient));
    }

    private static void assertTooLarge(HookResult result, long limit) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription()).isEqualTo("5.3.4 Message size exceeds the recipient's limit of " + limit + " bytes");
    }

    @Test
    void doRcptShouldRefuseWith552WhenTheDeclaredSizeIsOverTheTenantsLimit() throws Exception {
        assertTooLarge(rcpt(declaring(1001), "bob@acme.example"), 1000);
    }

    @Test
    void doRcptShouldAcceptWhenTheDeclaredSizeIsTheTenantsLimit() throws Exception {
        assertThat(rcpt(declaring(1000), "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldJudgeEachRecipientByItsOwnTenantsLimit() throws Exception {
        SmtpTestFixtures.Session session = declaring(2000);

        assertTooLarge(rcpt(session, "bob@acme.example"), 1000);
        assertThat(rcpt(session, "carol@globex.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(session, "dave@elsewhere.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAcceptAnySizeWhenTheTenantSetsNoLimit() throws Exception {
        policies.save(SmtpTestFixtures.GLOBEX, SmtpTestFixtures.policy("{}"), "test", Optional.empty());

        assertThat(rcpt(declaring(Integer.MAX_VALUE), "carol@globex.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldLeaveTheCheckToTheEndOfDataWhenNoSizeWasDeclared() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertThat(rcpt(new SmtpTestFixtures.Session(), "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldApplyTheRelayClientsTenantsLimitToOutboundMail() throws Exception {
        SmtpTestFixtures.Session session = declaring(new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT), 2000);

        assertTooLarge(rcpt(session, "carol@globex.example"), 1000);
        assertTooLarge(rcpt(session, "dave@elsewhere.example"), 1000);
    }

    @Test
    void doRcptShouldApplyTheRecipientsTenantsLimitToARelayingClientThatIsNoTenantsRelayClient() throws Exception {
        SmtpTestFixtures.Session session = declaring(new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.CLIENT), 2000);

        assertTooLarge(rcpt(session, "bob@acme.example"), 1000);
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(declaring(10), "bob@acme.example"));
    }

    @Test
    void doRcptShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        policies.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(declaring(10), "bob@acme.example"));
    }
}
