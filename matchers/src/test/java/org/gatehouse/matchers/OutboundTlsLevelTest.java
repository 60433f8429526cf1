package org.gatehouse.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.smtp.SmtpTestFixtures;
import org.gatehouse.transport.TlsLevel;
import org.gatehouse.transport.TlsPolicies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundTlsLevelTest {
    /** acme verifies bank.example (and its subdomains), requires TLS to partner.example, sends plaintext to broken.example. */
    private static final String ACME_TLS = "{\"tls\":{\"outbound\":{\"domains\":{\"bank.example\":\"required_verified\","
        + "\"partner.example\":\"required\",\"broken.example\":\"none\"}}}}";
    private static final String[] RECIPIENTS = {"a@bank.example", "b@mx.bank.example", "c@partner.example", "d@broken.example",
        "e@elsewhere.example"};

    private InMemoryPolicyStore policies;
    private TlsPolicies tlsPolicies;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        policies.save(SmtpTestFixtures.ACME, SmtpTestFixtures.policy(ACME_TLS), "test", Optional.empty());
        tlsPolicies = new TlsPolicies(new TenantPolicies(policies));
    }

    private OutboundTlsLevel matcher(String condition) throws MessagingException {
        OutboundTlsLevel matcher = new OutboundTlsLevel(tlsPolicies);
        matcher.init(FakeMatcherConfig.builder().matcherName("OutboundTlsLevel").condition(condition)
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    private static Attribute attribute(String name, String value) {
        return new Attribute(AttributeName.of(name), AttributeValue.of(value));
    }

    private static Mail part(String tenant, String direction) throws Exception {
        return FakeMail.builder().name("m1").sender("alice@acme.example").recipients(RECIPIENTS)
            .attribute(attribute(PipelineAttributes.TENANT, tenant))
            .attribute(attribute(PipelineAttributes.DIRECTION, direction))
            .build();
    }

    private static List<MailAddress> addresses(String... addresses) throws Exception {
        List<MailAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(new MailAddress(address));
        }
        return parsed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "strict", "REQUIRED"})
    void initShouldThrowWhenTheConditionNamesNoLevel(String condition) {
        assertThatThrownBy(() -> matcher(condition))
            .isInstanceOf(MessagingException.class)
            .hasMessage("OutboundTlsLevel needs a level: none, opportunistic, required or required_verified");
    }

    @Test
    void initShouldThrowWhenThereIsNoCondition() {
        assertThatThrownBy(() -> matcher(null)).isInstanceOf(MessagingException.class);
    }

    @Test
    void matchShouldReturnTheRecipientsWhoseDestinationOrItsParentHasTheLevel() throws Exception {
        assertThat(matcher("required_verified").match(part("acme", "outbound"))).containsExactlyElementsOf(
            addresses("a@bank.example", "b@mx.bank.example"));
        assertThat(matcher(" required ").match(part("acme", "outbound"))).containsExactlyElementsOf(addresses("c@partner.example"));
        assertThat(matcher("none").match(part("acme", "outbound"))).containsExactlyElementsOf(addresses("d@broken.example"));
    }

    @Test
    void matchShouldGiveTheDefaultLevelToDestinationsThePolicyDoesNotName() throws Exception {
        assertThat(matcher("opportunistic").match(part("acme", "outbound"))).containsExactlyElementsOf(addresses("e@elsewhere.example"));
        assertThat(matcher("opportunistic").match(part("globex", "outbound"))).containsExactlyElementsOf(addresses(RECIPIENTS));
    }

    @Test
    void matchShouldGiveEveryRecipientExactlyOneLevel() throws Exception {
        List<MailAddress> matched = new ArrayList<>();
        for (TlsLevel level : TlsLevel.values()) {
            matched.addAll(matcher(level.asString()).match(part("acme", "outbound")));
        }

        assertThat(matched).containsExactlyInAnyOrderElementsOf(addresses(RECIPIENTS));
    }

    @Test
    void matchShouldReturnNoRecipientOfAnInboundPart() throws Exception {
        assertThat(matcher("opportunistic").match(part("acme", "inbound"))).isEmpty();
    }

    @Test
    void matchShouldReturnNoRecipientOfAPartWithoutTenant() throws Exception {
        Mail withoutTenant = FakeMail.builder().name("m1").recipients(RECIPIENTS)
            .attribute(attribute(PipelineAttributes.DIRECTION, "outbound")).build();

        assertThat(matcher("opportunistic").match(withoutTenant)).isEmpty();
    }

    @Test
    void matchShouldThrowRatherThanPickALevelWhenThePolicyStoreCannotBeRead() throws Exception {
        OutboundTlsLevel matcher = matcher("opportunistic");
        policies.failWith(new IllegalStateException("database down"));

        assertThatThrownBy(() -> matcher.match(part("acme", "outbound"))).isInstanceOf(IllegalStateException.class);
    }
}
