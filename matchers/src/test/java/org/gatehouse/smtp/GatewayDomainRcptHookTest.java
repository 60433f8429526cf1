package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayDomainRcptHookTest {
    private final TenantDirectory directory = SmtpTestFixtures.directory();
    private final GatewayDomainRcptHook hook = new GatewayDomainRcptHook(SmtpTestFixtures.domains(directory), directory);

    private HookResult rcpt(String address) throws Exception {
        return hook.doRcpt(new SmtpTestFixtures.Session(false), MaybeSender.getMailSender("alice@sender.test"), new MailAddress(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@gatehouse.localdomain", "other.example!victim@gatehouse.localdomain", "root@gatehouse.localdomain"})
    void doRcptShouldRefuseWith553WhenTheRecipientIsAtTheGatewaysOwnDomain(String address) throws Exception {
        HookResult result = rcpt(address);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("553");
        assertThat(result.getSmtpDescription()).startsWith("5.1.3 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postmaster@gatehouse.localdomain", "PostMaster@gatehouse.localdomain", "bob@acme.example",
        "postmaster@acme.example", "someone@elsewhere.example"})
    void doRcptShouldLeaveTheDecisionToLaterChecksWhenTheRecipientIsPostmasterOrNotAtTheGatewaysDomain(String address) throws Exception {
        assertThat(rcpt(address).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void isPostmasterShouldIgnoreCase() throws Exception {
        assertThat(GatewayDomainRcptHook.isPostmaster(new MailAddress("POSTMASTER@x.example"))).isTrue();
        assertThat(GatewayDomainRcptHook.isPostmaster(new MailAddress("postmasters@x.example"))).isFalse();
    }
}
