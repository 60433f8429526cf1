package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayDomainRcptHookTest {
    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final TenantDirectory directory = new TenantDirectory(tenants);
    private final SmtpTestFixtures.GatewayDomains domains = SmtpTestFixtures.domains(directory);
    private final GatewayDomainRcptHook hook = new GatewayDomainRcptHook(domains, directory);

    private HookResult rcpt(String address) throws Exception {
        return hook.doRcpt(new SmtpTestFixtures.Session(), MaybeSender.getMailSender("alice@sender.test"), new MailAddress(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@gatehouse.localdomain", "other.example!victim@gatehouse.localdomain", "root@gatehouse.localdomain",
        "bob@GateHouse.LocalDomain", "postmasters@gatehouse.localdomain"})
    void doRcptShouldRefuseWith553WhenTheRecipientIsAtTheGatewaysOwnDomain(String address) throws Exception {
        HookResult result = rcpt(address);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("553");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.1.3 Recipient address must name a domain this gateway serves (no local mailboxes here)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postmaster@gatehouse.localdomain", "PostMaster@gatehouse.localdomain", "bob@acme.example",
        "postmaster@acme.example", "carol@globex.example", "someone@elsewhere.example"})
    void doRcptShouldLeaveTheDecisionToLaterChecksWhenTheRecipientIsPostmasterOrNotAtTheGatewaysDomain(String address) throws Exception {
        assertThat(rcpt(address).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void doRcptShouldAnswer451WhenTheDomainListCannotBeRead() throws Exception {
        domains.failWith(new DomainListException("domain list down"));

        assertTemporaryFailure(rcpt("bob@gatehouse.localdomain"));
    }

    @Test
    void doRcptShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(rcpt("bob@acme.example"));
    }

    @Test
    void isPostmasterShouldIgnoreCase() throws Exception {
        assertThat(GatewayDomainRcptHook.isPostmaster(new MailAddress("POSTMASTER@x.example"))).isTrue();
        assertThat(GatewayDomainRcptHook.isPostmaster(new MailAddress("postmasters@x.example"))).isFalse();
    }
}
