package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.ACME;
import static org.gatehouse.smtp.SmtpTestFixtures.GLOBEX;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.antivirus.AntivirusFindings;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.content.ContentPolicies;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.pipeline.Decision;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.policy.InMemoryPolicyStore;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.gatehouse.verdict.Finding;
import org.gatehouse.verdict.Verdict;
import org.gatehouse.verdict.VerdictJson;
import org.junit.jupiter.api.Test;

class ContentPolicyMessageHookTest {
    private static final String DENY_EXECUTABLES = "{\"content\":{\"denyFamilies\":[\"executable\"]}}";
    private static final String ALLOW_EVERYTHING = "{\"content\":{\"denyFamilies\":[]}}";
    private static final String EXECUTABLE_REFUSAL = "5.7.1 Message refused by the recipient's content policy: "
        + "CONTENT_DENIED_TYPE (setup.exe is application/x-msdownload_ format_pe32 (executable))";

    private final InMemoryTenantStore tenants = SmtpTestFixtures.tenants();
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    private final ContentPolicyMessageHook hook = new ContentPolicyMessageHook(new TenantDirectory(tenants),
        new ContentPolicies(new TenantPolicies(policies)));

    private void save(TenantId tenant, String json) {
        policies.save(tenant, SmtpTestFixtures.policy(json), "test", Optional.empty());
    }

    private static byte[] executableMessage() {
        return VirusSamples.messageWithAttachment("Installer", "setup.exe", "application/octet-stream", VirusSamples.windowsExecutable());
    }

    private static byte[] textMessage() {
        return VirusSamples.textMessage("Minutes", "The minutes of Monday's meeting.");
    }

    private static FakeMail mail(SmtpTestFixtures.Session session, byte[] message, long size, String... recipients) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@sender.example").recipients(recipients).size(size)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message)))
            .build();
        session.setAttachment(SMTPConstants.MAIL, mail, ProtocolSession.State.Transaction);
        return mail;
    }

    private static FakeMail mail(SmtpTestFixtures.Session session, byte[] message, String... recipients) throws Exception {
        return mail(session, message, message.length, recipients);
    }

    private static SmtpTestFixtures.Session acmeRelayClient() {
        return new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);
    }

    private static void assertRefused(HookResult result, String description) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo(description);
    }

    private static List<Decision> decisions(FakeMail mail) {
        return mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))
            .map(attribute -> Decision.read((String) attribute.getValue().value()))
            .orElseThrow();
    }

    private static Map<String, Verdict> verdicts(FakeMail mail) {
        return mail.getAttribute(AttributeName.of(PipelineAttributes.CONTENT_VERDICTS))
            .map(attribute -> VerdictJson.read((String) attribute.getValue().value()))
            .orElseThrow();
    }

    @Test
    void onMessageShouldRefuseWith550WhenTheOnlyTenantDeniesAnExecutableAttachment() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        HookResult result = hook.onMessage(session, mail(session, executableMessage(), "bob@acme.example"));

        assertRefused(result, EXECUTABLE_REFUSAL);
    }

    @Test
    void onMessageShouldRefuseWith550WhenTheTenantHasNoPolicyAndTheDefaultsDenyExecutables() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertRefused(hook.onMessage(session, mail(session, executableMessage(), "bob@acme.example")), EXECUTABLE_REFUSAL);
    }

    @Test
    void onMessageShouldDeclineWithTheVerdictsWhenAnotherRecipientsTenantAllowsTheExecutable() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        save(GLOBEX, ALLOW_EVERYTHING);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, executableMessage(), "bob@acme.example", "carol@globex.example");

        HookResult result = hook.onMessage(session, mail);

        assertThat(result).isEqualTo(HookResult.DECLINED);
        Map<String, Verdict> verdicts = verdicts(mail);
        assertThat(verdicts).containsOnlyKeys("acme", "globex");
        assertThat(verdicts.get("acme").action()).isEqualTo(Action.BLOCK);
        assertThat(verdicts.get("acme").ruleIds()).containsExactly("CONTENT_DENIED_TYPE");
        assertThat(verdicts.get("globex").findings()).isEmpty();
        assertThat(decisions(mail)).containsExactly(
            Decision.of("content", Stage.DATA, ACME, Direction.INBOUND, 1, Action.BLOCK, List.of("CONTENT_DENIED_TYPE")),
            Decision.of("content", Stage.DATA, GLOBEX, Direction.INBOUND, 1, Action.PASS, List.of()));
    }

    @Test
    void onMessageShouldDeclineWhenARecipientIsInNoTenantsDomainAndTheOnlyTenantBlocks() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        HookResult result = hook.onMessage(session, mail(session, executableMessage(), "bob@acme.example", "dave@elsewhere.example"));

        assertThat(result).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void onMessageShouldRefuseWith550WhenTheInboundTenantBlocksARelayClientOfAnotherTenant() throws Exception {
        save(ACME, ALLOW_EVERYTHING);
        save(GLOBEX, DENY_EXECUTABLES);
        SmtpTestFixtures.Session session = acmeRelayClient();
        FakeMail mail = mail(session, executableMessage(), "carol@globex.example");

        HookResult result = hook.onMessage(session, mail);

        assertRefused(result, EXECUTABLE_REFUSAL);
        assertThat(decisions(mail)).containsExactly(
            Decision.of("content", Stage.DATA, ACME, Direction.OUTBOUND, 1, Action.PASS, List.of()),
            Decision.of("content", Stage.DATA, GLOBEX, Direction.INBOUND, 1, Action.BLOCK, List.of("CONTENT_DENIED_TYPE")));
    }

    @Test
    void onMessageShouldRefuseWith550WhenTheOutboundTenantBlocksEvenThoughTheRecipientsTenantAllows() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        save(GLOBEX, ALLOW_EVERYTHING);
        SmtpTestFixtures.Session session = acmeRelayClient();

        HookResult result = hook.onMessage(session, mail(session, executableMessage(), "carol@globex.example", "dave@elsewhere.example"));

        assertRefused(result, EXECUTABLE_REFUSAL.replace("recipient's", "sender's"));
    }

    @Test
    void onMessageShouldDeclineWhenARelayClientWritesToItsOwnTenantThatAllowsTheAttachment() throws Exception {
        save(ACME, ALLOW_EVERYTHING);
        SmtpTestFixtures.Session session = acmeRelayClient();
        FakeMail mail = mail(session, executableMessage(), "bob@acme.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(decisions(mail)).containsExactly(
            Decision.of("content", Stage.DATA, ACME, Direction.INBOUND, 1, Action.PASS, List.of()));
    }

    @Test
    void onMessageShouldDeclineAndRecordADecisionPerTenantWithItsPolicyVersionWhenTheMessageIsWithinPolicy() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        save(ACME, DENY_EXECUTABLES);
        save(GLOBEX, DENY_EXECUTABLES);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, textMessage(), "bob@acme.example", "carol@globex.example");

        HookResult result = hook.onMessage(session, mail);

        assertThat(result).isEqualTo(HookResult.DECLINED);
        assertThat(decisions(mail)).containsExactly(
            Decision.of("content", Stage.DATA, ACME, Direction.INBOUND, 2, Action.PASS, List.of()),
            Decision.of("content", Stage.DATA, GLOBEX, Direction.INBOUND, 1, Action.PASS, List.of()));
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.CONTENT_VERDICTS))).isEmpty();
    }

    @Test
    void onMessageShouldRecordPolicyVersionZeroWhenTheTenantHasNoStoredPolicy() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, textMessage(), "carol@globex.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(decisions(mail)).containsExactly(
            Decision.of("content", Stage.DATA, GLOBEX, Direction.INBOUND, 0, Action.PASS, List.of()));
    }

    @Test
    void onMessageShouldRefuseWith552WhenTheMessageIsOverTheTenantsMaxMessageBytes() throws Exception {
        save(ACME, "{\"content\":{\"maxMessageBytes\":1000}}");
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, textMessage(), 1001, "bob@acme.example");

        HookResult result = hook.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription()).isEqualTo("5.3.4 Message size exceeds the recipient's limit of 1000 bytes");
        assertThat(verdicts(mail).get("acme").ruleIds()).containsExactly(ContentPolicyMessageHook.TOO_LARGE);
    }

    @Test
    void onMessageShouldDeclineWhenTheMessageIsExactlyTheTenantsMaxMessageBytes() throws Exception {
        save(ACME, "{\"content\":{\"maxMessageBytes\":1000}}");
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertThat(hook.onMessage(session, mail(session, textMessage(), 1000, "bob@acme.example"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void onMessageShouldAnswer451WhenThePolicyStoreCannotBeRead() throws Exception {
        policies.failWith(new IllegalStateException("database down"));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertTemporaryFailure(hook.onMessage(session, mail(session, textMessage(), "bob@acme.example")));
    }

    @Test
    void onMessageShouldAnswer451WhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();

        assertTemporaryFailure(hook.onMessage(session, mail(session, textMessage(), "bob@acme.example")));
    }

    @Test
    void onMessageShouldLeaveAnInfectedMessageToTheAntivirus() throws Exception {
        save(ACME, DENY_EXECUTABLES);
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, executableMessage(), "bob@acme.example");
        Verdict infected = Verdict.of(List.of(Finding.of(AntivirusFindings.VIRUS_FOUND, "antivirus", "virus", "Eicar-Signature")
            .withAction(Action.QUARANTINE)));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.ANTIVIRUS),
            AttributeValue.of(VerdictJson.write(Map.of("acme", infected)))));

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))).isEmpty();
    }

    @Test
    void onMessageShouldDeclineWhenNoRecipientIsATenants() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session();
        FakeMail mail = mail(session, executableMessage(), "dave@elsewhere.example");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.DECISIONS))).isEmpty();
    }
}
