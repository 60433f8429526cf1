package org.gatehouse.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.gatehouse.smtp.SmtpTestFixtures;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayPostmasterTest {
    private InMemoryTenantStore tenants;
    private SmtpTestFixtures.GatewayDomains domains;
    private GatewayPostmaster matcher;

    @BeforeEach
    void setUp() throws Exception {
        tenants = SmtpTestFixtures.tenants();
        TenantDirectory directory = new TenantDirectory(tenants);
        domains = SmtpTestFixtures.domains(directory);
        matcher = new GatewayPostmaster(domains, directory);
        matcher.init(FakeMatcherConfig.builder().matcherName("GatewayPostmaster").mailetContext(FakeMailContext.defaultContext()).build());
    }

    private static Mail mail(String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender("alice@sender.test").recipients(recipients).build();
    }

    @Test
    void matchShouldReturnThePostmasterOfTheGatewaysDomainWhateverItsCase() throws Exception {
        assertThat(matcher.match(mail("postmaster@gatehouse.localdomain", "PostMaster@GateHouse.localdomain")))
            .containsExactly(new MailAddress("postmaster@gatehouse.localdomain"), new MailAddress("PostMaster@GateHouse.localdomain"));
    }

    @Test
    void matchShouldReturnOnlyTheGatewaysPostmasterAmongOtherRecipients() throws Exception {
        assertThat(matcher.match(mail("bob@acme.example", "postmaster@acme.example", "postmaster@gatehouse.localdomain",
            "root@gatehouse.localdomain", "postmaster@elsewhere.example")))
            .containsExactly(new MailAddress("postmaster@gatehouse.localdomain"));
    }

    @Test
    void matchShouldNotReturnATenantsPostmaster() throws Exception {
        assertThat(matcher.match(mail("postmaster@acme.example", "postmaster@globex.example"))).isEmpty();
    }

    @Test
    void matchShouldThrowMessagingExceptionWhenTheDomainListCannotBeRead() throws Exception {
        domains.failWith(new DomainListException("domain list down"));

        assertThatThrownBy(() -> matcher.match(mail("postmaster@gatehouse.localdomain")))
            .isInstanceOf(MessagingException.class)
            .hasMessage("the domain list could not be read");
    }

    @Test
    void matchShouldThrowWhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertThatThrownBy(() -> matcher.match(mail("postmaster@gatehouse.localdomain"))).isInstanceOf(IllegalStateException.class);
    }
}
