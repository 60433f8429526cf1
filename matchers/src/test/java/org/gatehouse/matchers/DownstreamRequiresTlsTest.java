package org.gatehouse.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.smtp.SmtpTestFixtures;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DownstreamRequiresTlsTest {
    private InMemoryTenantStore tenants;
    private DownstreamRequiresTls matcher;

    @BeforeEach
    void setUp() throws Exception {
        tenants = SmtpTestFixtures.tenants();
        matcher = new DownstreamRequiresTls(new TenantDirectory(tenants));
        matcher.init(FakeMatcherConfig.builder().matcherName("DownstreamRequiresTls").mailetContext(FakeMailContext.defaultContext()).build());
    }

    private static Attribute attribute(String name, String value) {
        return new Attribute(AttributeName.of(name), AttributeValue.of(value));
    }

    private static FakeMail.Builder addressedTo(String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender("alice@sender.test").recipients(recipients);
    }

    private static Mail part(String tenant, String direction, String... recipients) throws Exception {
        return addressedTo(recipients)
            .attribute(attribute(PipelineAttributes.TENANT, tenant))
            .attribute(attribute(PipelineAttributes.DIRECTION, direction))
            .build();
    }

    @Test
    void matchShouldReturnEveryRecipientOfAnInboundPartWhoseTenantsServerRequiresTls() throws Exception {
        assertThat(matcher.match(part("globex", "inbound", "carol@globex.example", "dan@globex.example")))
            .containsExactly(new MailAddress("carol@globex.example"), new MailAddress("dan@globex.example"));
    }

    @Test
    void matchShouldReturnNoRecipientWhenTheTenantsServerDoesNotRequireTls() throws Exception {
        assertThat(matcher.match(part("acme", "inbound", "bob@acme.example"))).isEmpty();
    }

    @Test
    void matchShouldReturnNoRecipientOfAnOutboundPart() throws Exception {
        assertThat(matcher.match(part("globex", "outbound", "someone@elsewhere.example"))).isEmpty();
    }

    @Test
    void matchShouldReturnNoRecipientWhenTheTenantNoLongerExists() throws Exception {
        assertThat(matcher.match(part("initech", "inbound", "eve@initech.example"))).isEmpty();
    }

    @Test
    void matchShouldReturnNoRecipientOfAPartWithoutTenantOrDirection() throws Exception {
        assertThat(matcher.match(addressedTo("postmaster@gatehouse.localdomain").build())).isEmpty();
        assertThat(matcher.match(addressedTo("carol@globex.example").attribute(attribute(PipelineAttributes.TENANT, "globex")).build())).isEmpty();
    }

    @Test
    void matchShouldThrowRatherThanDeliverWithoutTlsWhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        assertThatThrownBy(() -> matcher.match(part("globex", "inbound", "carol@globex.example")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("database down");
    }
}
