package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.gatehouse.smtp.SmtpTestFixtures.ACME;
import static org.gatehouse.smtp.SmtpTestFixtures.GLOBEX;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.AttributeName;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.message.ParsedMessage;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.scoring.MessageScorer;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.ScoringDefaults;
import org.gatehouse.scoring.ScoringPolicies;
import org.gatehouse.scoring.ScoringPolicySection;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ScoringMessageHookTest {
    /** Blocks from a score of 30: the contributor's 40 points are enough. */
    private static final String BLOCK_FROM_30 =
        "{\"scoring\":{\"thresholds\":{\"tagHeader\":10,\"tagSubject\":null,\"redirect\":null,\"quarantine\":null,\"block\":30}}}";
    private static final PolicySchema SCHEMA = new PolicySchema(Set.of(new ScoringPolicySection(ScoringDefaults.builtIn())));

    /** Adds 40 points to every message, and remembers for which tenants it was asked. */
    private static final class SpammyContributor implements ScoreContributor {
        private final List<TenantId> asked = new ArrayList<>();

        @Override
        public List<Finding> contribute(TenantId tenant, byte[] raw, ParsedMessage parsed, Verdict senderVerdict) {
            asked.add(tenant);
            return List.of(Finding.of("TEST_SPAMMY", "test", "spammy", "the test says so").withScore(40));
        }
    }

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final SpammyContributor contributor = new SpammyContributor();
    private final TenantPolicies tenantPolicies = new TenantPolicies(policies);
    private final ScoringMessageHook hook = new ScoringMessageHook(new TenantDirectory(tenants),
        new MessageScorer(new ScoringPolicies(tenantPolicies, ScoringDefaults.builtIn()), Set.of(contributor)));

    private void save(TenantId tenant, String json) throws Exception {
        policies.save(tenant, SCHEMA.validate(new ObjectMapper().readTree(json)), "test", Optional.empty());
    }

    private static FakeMail mail(SmtpTestFixtures.Session session, String... recipients) throws Exception {
        byte[] message = ("Received: from mail.sender.example (mail.sender.example [192.0.2.10])\r\n"
            + "\tby mx.gatehouse.localdomain with ESMTP; Mon, 1 Dec 2025 10:00:01 +0000\r\n"
            + new String(VirusSamples.textMessage("Minutes", "The minutes of Monday's meeting are below.\nRegards, Alice"),
                StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@sender.example").recipients(recipients)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message)))
            .build();
        session.setAttachment(SMTPConstants.MAIL, mail, ProtocolSession.State.Transaction);
        return mail;
    }

    private static List<Decision> decisions(FakeMail mail) {
        return mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))
            .map(attribute -> Decision.read((String) attribute.getValue().value()))
            .orElseThrow();
    }

    @Test
    void onMessageShouldRefuseWith550AsSpamWhenTheOnlyTenantsThresholdsBlockIt() throws Exception {
        save(ACME, BLOCK_FROM_30);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, "bob@acme.example");

        HookResult result = hook.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 Message refused as spam (score 40, rules TEST_SPAMMY)");
        assertThat(decisions(mail)).singleElement().satisfies(decision -> {
            assertThat(decision.check()).isEqualTo("scoring");
            assertThat(decision.tenant()).isEqualTo(ACME);
            assertThat(decision.direction()).isEqualTo(Direction.INBOUND);
            assertThat(decision.policyVersion()).isEqualTo(1);
            assertThat(decision.action()).isEqualTo(Action.BLOCK);
            assertThat(decision.ruleIds()).containsExactly("TEST_SPAMMY");
        });
        assertThat(RefusalDetails.take(session)).hasValueSatisfying(details ->
            assertThat(details.ruleIds()).containsExactly(ScoringMessageHook.SPAM_SCORE_REJECT, "TEST_SPAMMY"));
    }

    @Test
    void onMessageShouldDeclineWhenTheDefaultThresholdsAreNotReached() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, "bob@acme.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(decisions(mail)).singleElement().satisfies(decision -> {
            assertThat(decision.policyVersion()).isZero();
            assertThat(decision.action()).isNotEqualTo(Action.BLOCK);
        });
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.SCORE_DECISIONS))).isPresent();
    }

    @Test
    void onMessageShouldDeclineWhenAnotherRecipientsTenantAcceptsTheMessage() throws Exception {
        save(ACME, BLOCK_FROM_30);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, "bob@acme.example", "carol@globex.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(decisions(mail)).extracting(Decision::tenant, Decision::action)
            .containsExactly(tuple(ACME, Action.BLOCK),
                tuple(GLOBEX, Action.TAG));
    }

    @Test
    void onMessageShouldNotScoreMailFromATenantsOwnRelayClientToThatTenant() throws Exception {
        save(ACME, BLOCK_FROM_30);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);
        FakeMail mail = mail(session, "bob@acme.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(contributor.asked).isEmpty();
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))).isEmpty();
    }

    @Test
    void onMessageShouldScoreMailFromATenantsRelayClientForTheOtherRecipientsTenantOnly() throws Exception {
        save(ACME, BLOCK_FROM_30);
        save(GLOBEX, BLOCK_FROM_30);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);
        FakeMail mail = mail(session, "bob@acme.example", "carol@globex.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(contributor.asked).containsExactly(GLOBEX);
    }

    @Test
    void onMessageShouldNotScoreWhenAnEarlierCheckAlreadyRefusedTheMessage() throws Exception {
        save(ACME, BLOCK_FROM_30);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, "bob@acme.example");
        HookResult contentRefusal = HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
            .smtpDescription("5.7.1 earlier").build();
        EndOfDataDecision.of(session).add(session, mail, new TransactionTenants(new TenantDirectory(tenants)).of(session, mail), List.of(),
            Map.of(ACME, new EndOfDataDecision.Block(contentRefusal, RefusalDetails.of("CONTENT_DENIED_TYPE", "setup.exe"))));

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(contributor.asked).isEmpty();
    }

    @Test
    void onMessageShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, "bob@acme.example");
        policies.failWith(new IllegalStateException("database down"));

        assertTemporaryFailure(hook.onMessage(session, mail));
    }
}
