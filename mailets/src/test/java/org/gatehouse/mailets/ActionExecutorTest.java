package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.quarantine.store.QuarantineAttributes;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.verdict.Action;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionExecutorTest {
    private static final TenantId ACME = TenantId.of("acme");

    private RecordingMessageLog messageLog;
    private FakeMailContext context;
    private ActionExecutor executor;

    @BeforeEach
    void setUp() {
        messageLog = new RecordingMessageLog();
        context = FakeMailContext.defaultContext();
        // strip needs the quarantine store: the whole-server ContentActionsPipelineTest covers it
        executor = new ActionExecutor(messageLog, new TenantDirectory(new ScoreMessageTest.FixedTenantStore()), null);
    }

    private static Mail mail() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").state("outbound").sender("alice@acme.example").recipient("bob@elsewhere.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Quarterly figures").setText("Attached.").build())
            .build();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.LOG_ID), AttributeValue.of("log-1")));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.DIRECTION), AttributeValue.of("outbound")));
        return mail;
    }

    private static ActionPlan.Builder plan(Action action) {
        return ActionPlan.builder(HoldingCheck.CONTENT, action, List.of("RULE_A"), "content policy: RULE_A")
            .headers(HeaderEdits.none().set("X-Always", "yes"))
            .marks(HeaderEdits.none().set("X-Mark", action.asString()))
            .reasons(List.of("RULE_A: because"))
            .subjectPrefix("[CHECK]")
            .redirectTo(Optional.of("admin@acme.example"));
    }

    private void execute(Mail mail, ActionPlan.Builder plan) throws Exception {
        executor.execute(mail, ACME, plan.build(), context, "transport");
    }

    @Test
    void executeShouldWriteOnlyTheHeadersWhenTheActionIsPass() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.PASS));

        assertThat(mail.getMessage().getHeader("X-Always")).containsExactly("yes");
        assertThat(mail.getMessage().getHeader("X-Mark")).isNull();
        assertThat(mail.getState()).isEqualTo("outbound");
        assertThat(PendingReasons.of(mail)).containsExactly("RULE_A: because");
    }

    @Test
    void executeShouldAddTheMarkWhenTheActionIsTag() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.TAG));

        assertThat(mail.getMessage().getHeader("X-Mark")).containsExactly("tag");
        assertThat(mail.getMessage().getSubject()).isEqualTo("Quarterly figures");
    }

    @Test
    void executeShouldPrefixTheSubjectWhenTheActionIsTagSubject() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.TAG_SUBJECT));

        assertThat(mail.getMessage().getSubject()).isEqualTo("[CHECK] Quarterly figures");
        assertThat(mail.getMessage().getHeader("X-Mark")).containsExactly("tag_subject");
    }

    @Test
    void executeShouldHoldForTheQuarantineWhenTheActionIsQuarantine() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.QUARANTINE).holdProcessor("held-here"));

        assertThat(mail.getState()).isEqualTo("held-here");
        assertThat(mail.getErrorMessage()).isEqualTo("held: content policy: RULE_A");
        assertThat(QuarantineAttributes.check(mail)).contains(HoldingCheck.CONTENT);
        assertThat(QuarantineAttributes.rules(mail)).containsExactly("RULE_A");
    }

    @Test
    void executeShouldHoldMarkedBlockedWhenABlockReachesAnAcceptedPart() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.BLOCK));

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).isEqualTo("blocked: content policy: RULE_A");
        assertThat(PendingReasons.of(mail)).contains("BLOCKED: content policy: RULE_A");
    }

    @Test
    void executeShouldBounceToTheSenderWhenTheBlockAsksForABounce() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.BLOCK).bounce("Blocked by DLP rule CARDS", "bounces"));

        assertThat(mail.getState()).isEqualTo("bounces");
        assertThat(mail.getErrorMessage()).isEqualTo("Blocked by DLP rule CARDS");
        assertThat(MailAttributes.get(mail, MailAttributes.DELIVERY_ERROR)).contains("Blocked by DLP rule CARDS");
        assertThat(QuarantineAttributes.check(mail)).isEmpty();
    }

    @Test
    void executeShouldRedirectToTheTenantsAddressAndDeliverItToTheTenant() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.REDIRECT));

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("admin@acme.example"));
        assertThat(MailAttributes.get(mail, PipelineAttributes.DIRECTION)).contains("inbound");
        assertThat(PendingReasons.of(mail)).contains("REDIRECTED to admin@acme.example (was bob@elsewhere.example)");
    }

    @Test
    void executeShouldNotHandARedirectedPartToTheRecipientsTenantWhenTheSenderRedirectedIt() throws Exception {
        Mail mail = mail();
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.THEN_INBOUND), AttributeValue.of("other log-2")));

        execute(mail, plan(Action.REDIRECT));

        assertThat(mail.getAttribute(AttributeName.of(PipelineAttributes.THEN_INBOUND))).isEmpty();
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("admin@acme.example"));
        assertThat(messageLog.details).containsExactly("redirected to admin@acme.example",
            "redirected by the sending tenant's content policy to its own address");
    }

    @Test
    void executeShouldIgnoreARedirectToAnAddressOutsideTheTenantsDomains() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.REDIRECT).redirectTo(Optional.of("admin@other.example")));

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@elsewhere.example"));
        assertThat(PendingReasons.of(mail)).contains("REDIRECT ignored: admin@other.example is not in a domain of tenant acme");
    }

    @Test
    void executeShouldSendACopyWithoutThePartsRecordOrItsReasonsWhenTheCheckAsksForACopy() throws Exception {
        Mail mail = mail();
        PendingReasons.add(mail, List.of("SPF_PASS: an earlier check's reason"));

        execute(mail, plan(Action.TAG).also(Set.of(Action.COPY)));

        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertThat(copy.getAttributes()).doesNotContainKeys(PendingReasons.NAME, AttributeName.of(PipelineAttributes.LOG_ID),
            AttributeName.of(PipelineAttributes.LOG_IDS));
        assertThat(PendingReasons.of(mail)).containsExactly("SPF_PASS: an earlier check's reason", "RULE_A: because",
            "COPY sent to admin@acme.example", "TAGGED (content, tag): content policy: RULE_A");
    }

    @Test
    void executeShouldSendACopyWithTheChecksHeaderAndDeliverTheOriginal() throws Exception {
        Mail mail = mail();

        execute(mail, plan(Action.TAG).also(Set.of(Action.COPY)));

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertThat(copy.getRecipients()).containsExactly(new MailAddress("admin@acme.example"));
        assertThat(copy.getState()).isEqualTo("transport");
        assertThat(copy.getMsg().getHeader("X-Gatehouse-Content-Copy", null)).isEqualTo("rules=RULE_A; recipients=bob@elsewhere.example");
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@elsewhere.example"));
        assertThat(PendingReasons.of(mail)).contains("COPY sent to admin@acme.example");
    }

    @Test
    void executeShouldNotHoldAgainWhenTheMailWasReleasedFromThatCheck() throws Exception {
        Mail mail = mail();
        mail.setAttribute(new Attribute(AttributeName.of(QuarantineAttributes.RELEASED_FROM), AttributeValue.of("content")));

        execute(mail, plan(Action.QUARANTINE));

        assertThat(mail.getState()).isEqualTo("outbound");
        assertThat(mail.getMessage().getHeader("X-Always")).containsExactly("yes");
        assertThat(mail.getMessage().getHeader("X-Mark")).isNull();
        assertThat(PendingReasons.of(mail)).contains("released from the quarantine: the content decision is not applied again");
    }

    @Test
    void executeShouldHoldWhenTheMailWasReleasedFromAnotherCheck() throws Exception {
        Mail mail = mail();
        mail.setAttribute(new Attribute(AttributeName.of(QuarantineAttributes.RELEASED_FROM), AttributeValue.of("scoring")));

        execute(mail, plan(Action.QUARANTINE));

        assertThat(mail.getState()).isEqualTo("quarantine");
    }
}
