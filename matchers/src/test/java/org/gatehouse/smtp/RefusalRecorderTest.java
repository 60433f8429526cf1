package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.core.fastfail.MaxRcptHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.messagelog.Stage;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalRecorderTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:10Z");
    private static final HookResult BLOCKED = HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
        .smtpDescription("5.7.1 Message refused by the recipient's policy: SENDER_BLOCKLISTED (blocked)").build();
    /** A Gatehouse RCPT hook refusing with its details, as SenderPolicyRcptHook does. */
    private static final RcptHook BLOCKING = rcptHook(session -> {
        RefusalDetails.attach(session, RefusalDetails.of("SENDER_BLOCKLISTED", "SENDER_BLOCKLISTED (sender=blocked, reject): domain sender.test"));
        return BLOCKED;
    });

    private static RcptHook rcptHook(java.util.function.Function<SMTPSession, HookResult> answer) {
        return new RcptHook() {
            @Override
            public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
                return answer.apply(session);
            }
        };
    }

    private MutableClock clock;
    private RecordingMessageLog messageLog;
    private RefusalLog refusalLog;
    private RefusalRecorder recorder;
    private SmtpTestFixtures.Session session;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        messageLog = new RecordingMessageLog();
        refusalLog = new RefusalLog(messageLog, 30, clock, Runnable::run);
        recorder = new RefusalRecorder(refusalLog, SmtpTestFixtures.directory(), clock);
        session = new SmtpTestFixtures.Session(false);
        session.setAttachment(SMTPSession.CURRENT_HELO_NAME, "mx.sender.test", ProtocolSession.State.Connection);
    }

    private void mailFrom(String sender) throws Exception {
        session.setAttachment(SMTPSession.SENDER, MaybeSender.of(new MailAddress(sender)), ProtocolSession.State.Transaction);
    }

    private void accepted(String... recipients) throws Exception {
        List<MailAddress> list = new ArrayList<>();
        for (String recipient : recipients) {
            list.add(new MailAddress(recipient));
        }
        session.setAttachment(SMTPSession.RCPT_LIST, list, ProtocolSession.State.Transaction);
    }

    /** What RcptCmdHandler does for one RCPT: the recipient in the session, the hook called, every HookResultHook told. */
    private HookResult rcpt(RcptHook hook, String recipient) throws Exception {
        MailAddress address = new MailAddress(recipient);
        session.setAttachment(RcptCmdHandler.CURRENT_RECIPIENT, address, ProtocolSession.State.Transaction);
        HookResult result = hook.doRcpt(session, session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).orElseThrow(), address);
        return recorder.onHookResult(session, result, 1, hook);
    }

    private MessageRecord onlyRecord() {
        assertThat(messageLog.refusals).hasSize(1);
        return messageLog.refusals.values().iterator().next();
    }

    @Test
    void onHookResultShouldRecordARcptRefusalWithItsRuleIdsRecipientsAndTenant() throws Exception {
        mailFrom("mallory@sender.test");
        accepted("carol@acme.example");

        HookResult result = rcpt(BLOCKING, "bob@acme.example");

        assertThat(result).isSameAs(BLOCKED);
        MessageRecord record = onlyRecord();
        assertThat(record.stage()).isEqualTo(Stage.RCPT);
        assertThat(record.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(record.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
        assertThat(record.reasons()).containsExactly("SENDER_BLOCKLISTED (sender=blocked, reject): domain sender.test");
        assertThat(record.sender()).isEqualTo("mallory@sender.test");
        assertThat(record.clientIp()).contains("192.0.2.10");
        assertThat(record.helo()).contains("mx.sender.test");
        assertThat(record.tls()).contains("none");
        assertThat(record.direction()).isEqualTo(Direction.INBOUND);
        assertThat(record.receivedAt()).isEqualTo(T0);
        assertThat(record.recipients()).containsOnly(
            java.util.Map.entry("bob@acme.example", new MessageRecord.RecipientState(Disposition.REJECTED,
                Optional.of("550 5.7.1 Message refused by the recipient's policy: SENDER_BLOCKLISTED (blocked)"))),
            java.util.Map.entry("carol@acme.example", new MessageRecord.RecipientState(Disposition.ACCEPTED, Optional.empty())));
        assertThat(record.refusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.reply()).isEqualTo("550 5.7.1 Message refused by the recipient's policy: SENDER_BLOCKLISTED (blocked)");
            assertThat(refusal.tenants()).containsExactly(TenantId.of("acme"));
            assertThat(refusal.count()).isEqualTo(1);
        });
    }

    @Test
    void onHookResultShouldAddTheLaterRefusalsOfATransactionToItsRecord() throws Exception {
        mailFrom("mallory@sender.test");

        rcpt(BLOCKING, "bob@acme.example");
        rcpt(new MaxRcptHandler(), "x@elsewhere.example");
        rcpt(BLOCKING, "dave@acme.example");

        MessageRecord record = onlyRecord();
        assertThat(record.ruleIds()).containsExactly("SENDER_BLOCKLISTED", "SMTP_TOO_MANY_RECIPIENTS");
        assertThat(record.recipients()).containsOnlyKeys("bob@acme.example", "x@elsewhere.example", "dave@acme.example");
        assertThat(record.refusal().orElseThrow().count()).isEqualTo(3);
    }

    @Test
    void onHookResultShouldStartANewRecordForTheNextTransaction() throws Exception {
        mailFrom("mallory@sender.test");
        rcpt(BLOCKING, "bob@acme.example");
        session.resetState();
        mailFrom("mallory@sender.test");
        rcpt(BLOCKING, "bob@acme.example");

        assertThat(messageLog.refusals).hasSize(2);
    }

    @Test
    void onHookResultShouldDeriveTheRuleIdOfJamesOwnHooks() throws Exception {
        mailFrom("alice@sender.test");
        MaxRcptHandler maxRcpt = new MaxRcptHandler();

        rcpt(maxRcpt, "user1001@acme.example");

        MessageRecord record = onlyRecord();
        assertThat(record.ruleIds()).containsExactly("SMTP_TOO_MANY_RECIPIENTS");
        assertThat(record.refusal().orElseThrow().replyCode()).isEqualTo("452");
        assertThat(record.reasons()).singleElement().asString()
            .startsWith("DEFERRED at RCPT TO: SMTP_TOO_MANY_RECIPIENTS (452 4.5.3 Requested action not taken: max recipients reached)");
    }

    @Test
    void onHookResultShouldNameTheGatewaysTemporaryFailure() throws Exception {
        mailFrom("alice@sender.test");

        rcpt(rcptHook(smtp -> TenantSessionHook.TEMPORARY_FAILURE), "bob@acme.example");

        MessageRecord record = onlyRecord();
        assertThat(record.ruleIds()).containsExactly(RefusalRecorder.TEMPORARY_FAILURE_RULE);
        assertThat(record.refusal().orElseThrow().reply()).startsWith("451 4.3.0");
    }

    @Test
    void onHookResultShouldForgetTheDetailsOfAHookThatDidNotRefuse() throws Exception {
        mailFrom("alice@sender.test");
        rcpt(rcptHook(smtp -> {
            RefusalDetails.attach(smtp, RefusalDetails.of("SENDER_BLOCKLISTED", "not used"));
            return HookResult.DECLINED;
        }), "bob@acme.example");

        rcpt(new MaxRcptHandler(), "bob@acme.example");

        assertThat(onlyRecord().ruleIds()).containsExactly("SMTP_TOO_MANY_RECIPIENTS");
    }

    @Test
    void onHookResultShouldRecordAMailFromRefusalAndEndItsRecord() throws Exception {
        mailFrom("bulk@sender.test");
        MailHook rateLimited = new MailHook() {
            @Override
            public HookResult doMail(SMTPSession smtp, MaybeSender sender) {
                RefusalDetails.attach(smtp, RefusalDetails.of("RATE_LIMIT_INBOUND", "RATE_LIMIT_INBOUND: limit of 1 messages per 30m"));
                return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("452")
                    .smtpDescription("4.7.1 Too much mail").build();
            }
        };

        recorder.onHookResult(session, rateLimited.doMail(session, MaybeSender.nullSender()), 1, rateLimited);
        recorder.onHookResult(session, rateLimited.doMail(session, MaybeSender.nullSender()), 1, rateLimited);

        assertThat(messageLog.refusals).hasSize(2);
        assertThat(messageLog.refusals.values()).allSatisfy(record -> {
            assertThat(record.stage()).isEqualTo(Stage.MAIL);
            assertThat(record.ruleIds()).containsExactly("RATE_LIMIT_INBOUND");
            assertThat(record.recipients()).isEmpty();
            assertThat(record.sender()).isEqualTo("bulk@sender.test");
        });
    }

    @Test
    void onHookResultShouldRecordAnEndOfDataRefusalForEveryRecipientOfTheMessage() throws Exception {
        mailFrom("mallory@sender.test");
        session.setAttachment(SMTPConstants.MAIL, FakeMail.builder().name("m1").sender("mallory@sender.test")
            .recipients("bob@acme.example", "carol@acme.example").build(), ProtocolSession.State.Transaction);
        JamesMessageHook content = (smtp, mail) -> {
            RefusalDetails.attach(smtp, RefusalDetails.of("CONTENT_DENIED_TYPE", "CONTENT_DENIED_TYPE (content=denied, reject): a.exe"));
            return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
                .smtpDescription("5.7.1 Message refused by the recipient's content policy").build();
        };

        recorder.onHookResult(session, content.onMessage(session, null), 1, content);

        MessageRecord record = onlyRecord();
        assertThat(record.stage()).isEqualTo(Stage.DATA);
        assertThat(record.ruleIds()).containsExactly("CONTENT_DENIED_TYPE");
        assertThat(record.recipients()).containsOnlyKeys("bob@acme.example", "carol@acme.example");
        assertThat(record.recipients().values()).extracting(MessageRecord.RecipientState::disposition).containsOnly(Disposition.REJECTED);
        assertThat(record.refusal().orElseThrow().tenants()).containsExactly(TenantId.of("acme"));
    }

    @Test
    void onHookResultShouldRecordAnOutboundRefusalForTheRelayClientsTenant() throws Exception {
        session = new SmtpTestFixtures.Session(true, "198.51.100.7");
        mailFrom("alice@acme.example");

        rcpt(BLOCKING, "x@elsewhere.example");

        MessageRecord record = onlyRecord();
        assertThat(record.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(record.refusal().orElseThrow().tenants()).containsExactly(TenantId.of("acme"));
    }

    @Test
    void onResponseShouldRecordAConnectHandlersRefusal() {
        ConnectHandler<SMTPSession> limit = smtp -> {
            RefusalDetails.attach(smtp, RefusalDetails.of("RATE_LIMIT_CONNECTIONS", "RATE_LIMIT_CONNECTIONS: more than 50"));
            return new SMTPResponse("421", "4.7.0 Too many connections from 192.0.2.10, try again later");
        };

        Response response = limit.onConnect(session);
        assertThat(recorder.onResponse(session, response, 1, limit)).isSameAs(response);

        MessageRecord record = onlyRecord();
        assertThat(record.stage()).isEqualTo(Stage.CONNECT);
        assertThat(record.ruleIds()).containsExactly("RATE_LIMIT_CONNECTIONS");
        assertThat(record.refusal().orElseThrow().reply()).isEqualTo("421 4.7.0 Too many connections from 192.0.2.10, try again later");
    }

    @Test
    void onResponseShouldIgnoreAConnectHandlerThatLetsTheClientIn() {
        ConnectHandler<SMTPSession> open = smtp -> null;

        recorder.onResponse(session, null, 1, open);

        assertThat(messageLog.refusalWrites).isEmpty();
    }

    private static CommandHandler<SMTPSession> command(String name) {
        return new CommandHandler<>() {
            @Override
            public Response onCommand(SMTPSession session, Request request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Collection<String> getImplCommands() {
                return List.of(name);
            }
        };
    }

    @Test
    void onResponseShouldRecordACommandRefusedWithoutAHook() {
        recorder.onResponse(session, new SMTPResponse("552", "5.3.4 Message size exceeds fixed maximum message size"), 1, command("MAIL"));

        MessageRecord record = onlyRecord();
        assertThat(record.stage()).isEqualTo(Stage.MAIL);
        assertThat(record.ruleIds()).containsExactly("SMTP_MESSAGE_TOO_LARGE");
    }

    @Test
    void onResponseShouldNotRecordAgainWhatAHookRefused() throws Exception {
        mailFrom("mallory@sender.test");
        HookResult result = rcpt(BLOCKING, "bob@acme.example");

        recorder.onResponse(session, new SMTPResponse(result.getSmtpRetCode(), result.getSmtpDescription()), 1, command("RCPT"));
        recorder.onResponse(session, new SMTPResponse("552", "5.3.4 too large"), 1, command("MAIL"));

        assertThat(messageLog.refusalWrites).hasSize(2);
        assertThat(messageLog.refusals.values()).flatExtracting(MessageRecord::ruleIds)
            .containsExactlyInAnyOrder("SENDER_BLOCKLISTED", "SMTP_MESSAGE_TOO_LARGE");
    }

    @Test
    void onResponseShouldNotRecordSyntaxErrorsOrAcceptance() {
        recorder.onResponse(session, new SMTPResponse("501", "5.5.4 Syntax error"), 1, command("MAIL"));
        recorder.onResponse(session, new SMTPResponse("500", "Command unknown"), 1, command("UNKNOWN"));
        recorder.onResponse(session, new SMTPResponse("250", "2.1.0 OK"), 1, command("MAIL"));

        assertThat(messageLog.refusalWrites).isEmpty();
    }

    @Test
    void onHookResultShouldAggregateAClientFloodingRefusals() throws Exception {
        mailFrom("mallory@sender.test");
        for (int i = 0; i < 1000; i++) {
            rcpt(BLOCKING, "user" + i + "@acme.example");
        }
        clock.advance(java.time.Duration.ofMinutes(1));
        refusalLog.flushEndedMinutes();

        assertThat(messageLog.refusalWrites).hasSize(31);
        assertThat(messageLog.refusals).hasSize(2);
        assertThat(messageLog.refusals.values()).extracting(record -> record.refusal().orElseThrow().count())
            .containsExactlyInAnyOrder(30, 970);
        assertThat(messageLog.refusals.values()).filteredOn(record -> record.refusal().orElseThrow().aggregated())
            .singleElement().satisfies(record -> {
                assertThat(record.ruleIds()).containsExactly("SENDER_BLOCKLISTED");
                assertThat(record.stage()).isEqualTo(Stage.RCPT);
                assertThat(record.sender()).isEqualTo("mallory@sender.test");
            });
    }

    @Test
    void onHookResultShouldReturnTheResultUnchangedWhenTheMessageLogFails() throws Exception {
        RecordingMessageLog failing = new RecordingMessageLog() {
            @Override
            public synchronized void mergeRefusal(MessageRecord refusal) {
                throw new IllegalStateException("database down");
            }
        };
        recorder = new RefusalRecorder(new RefusalLog(failing, 30, clock, Runnable::run), SmtpTestFixtures.directory(), clock);
        mailFrom("mallory@sender.test");

        assertThat(rcpt(BLOCKING, "bob@acme.example")).isSameAs(BLOCKED);
    }
}
