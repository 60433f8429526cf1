package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.transport.TlsPolicies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboundTlsRequirementHookTest {
    /** acme requires TLS from the partner.example domain and from the 203.0.113.0/24 network. */
    private static final String ACME_TLS_PARTNERS = "{\"tls\":{\"inbound\":{\"requireFrom\":["
        + "{\"type\":\"domain\",\"value\":\"partner.example\"},{\"type\":\"ip\",\"value\":\"203.0.113.0/24\"}]}}}";
    private static final MaybeSender PARTNER = MaybeSender.getMailSender("alice@partner.example");
    private static final MaybeSender STRANGER = MaybeSender.getMailSender("alice@stranger.example");
    private static final String PARTNER_NETWORK_CLIENT = "203.0.113.25";

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final InboundTlsRequirementHook hook = new InboundTlsRequirementHook(new TenantDirectory(tenants),
        new TlsPolicies(new TenantPolicies(policies)));

    @BeforeEach
    void setUp() {
        policies.save(SmtpTestFixtures.ACME, SmtpTestFixtures.policy(ACME_TLS_PARTNERS), "test", Optional.empty());
    }

    private HookResult rcpt(SmtpTestFixtures.Session session, MaybeSender sender, String recipient) throws Exception {
        return hook.doRcpt(session, sender, new MailAddress(recipient));
    }

    private static void assertTlsRequired(HookResult result) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.7.0 TLS required: the recipient accepts mail from this sender only over TLS, issue STARTTLS first");
    }

    @Test
    void doRcptShouldRefuseWith530WhenASenderDomainRequiredToUseTlsSendsInPlaintext() throws Exception {
        assertTlsRequired(rcpt(new SmtpTestFixtures.Session(), PARTNER, "bob@acme.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@stranger.example", ""})
    void doRcptShouldRefuseWith530WhenAClientAddressRequiredToUseTlsSendsInPlaintext(String sender) throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session().from(PARTNER_NETWORK_CLIENT);

        assertTlsRequired(rcpt(session, MaybeSender.getMailSender(sender), "bob@acme.example"));
    }

    @Test
    void doRcptShouldAcceptThePartnerWhenItStartedTls() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session().from(PARTNER_NETWORK_CLIENT).withTls(Optional.empty());

        assertThat(rcpt(session, PARTNER, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAcceptASenderNotRequiredToUseTls() throws Exception {
        assertThat(rcpt(new SmtpTestFixtures.Session(), STRANGER, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(rcpt(new SmtpTestFixtures.Session(), MaybeSender.nullSender(), "bob@acme.example").getResult())
            .isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldNotMatchASubdomainOfADomainEntry() throws Exception {
        MaybeSender subdomain = MaybeSender.getMailSender("alice@mail.partner.example");

        assertThat(rcpt(new SmtpTestFixtures.Session(), subdomain, "bob@acme.example").getResult()).isEqualTo(HookReturnCode.declined());
    }

    @ParameterizedTest
    @ValueSource(strings = {"carol@globex.example", "dave@elsewhere.example"})
    void doRcptShouldAcceptThePartnerInPlaintextForARecipientWhoseTenantDoesNotRequireIt(String recipient) throws Exception {
        assertThat(rcpt(new SmtpTestFixtures.Session(), PARTNER, recipient).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldRequireTlsOfARelayingClientThatIsNotTheRecipientsTenants() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true).from(PARTNER_NETWORK_CLIENT);

        assertTlsRequired(rcpt(session, PARTNER, "bob@acme.example"));
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(new SmtpTestFixtures.Session(), STRANGER, "bob@acme.example"));
    }

    @Test
    void doRcptShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        policies.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt(new SmtpTestFixtures.Session(), STRANGER, "bob@acme.example"));
    }
}
