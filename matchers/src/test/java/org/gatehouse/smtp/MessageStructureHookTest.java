package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.message.NestedMime;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.messagelog.RefusalLog;
import org.gatehouse.messagelog.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageStructureHookTest {
    private RecordingMessageLog log;
    private RefusalRecorder recorder;
    private MessageStructureHook hook;
    private SmtpTestFixtures.Session session;

    @BeforeEach
    void setUp() {
        log = new RecordingMessageLog();
        recorder = new RefusalRecorder(new RefusalLog(log, 30, Clock.systemUTC(), Runnable::run), SmtpTestFixtures.directory());
        hook = new MessageStructureHook(new MimeStructure.Limits(5, 100, 100));
        session = new SmtpTestFixtures.Session(false);
    }

    private FakeMail mail(String message) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("mallory@sender.test").recipient("bob@acme.example")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .build();
        session.setAttachment(SMTPConstants.MAIL, mail, ProtocolSession.State.Transaction);
        return mail;
    }

    /** The hook's result, as James hands it to every HookResultHook of the chain. */
    private HookResult onMessage(FakeMail mail) {
        return recorder.onHookResult(session, hook.onMessage(session, mail), 1, hook);
    }

    @Test
    void onMessageShouldDeclineAndKeepTheDepthWhenTheStructureIsWithinBounds() throws Exception {
        HookResult result = onMessage(mail(NestedMime.message(5)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(MessageStructureHook.measured(session)).hasValueSatisfying(structure -> assertThat(structure.depth()).isEqualTo(5));
        assertThat(log.refusals).isEmpty();
    }

    @Test
    void onMessageShouldRefuseWith554AndRecordItWhenNestingIsDeeperThanTheBound() throws Exception {
        HookResult result = onMessage(mail(NestedMime.message(3000)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).isEqualTo("5.6.0 Message refused: MIME parts nested deeper than 5 levels");
        assertThat(log.refusals.values()).singleElement().satisfies(record -> {
            assertThat(record.tenantId()).hasValueSatisfying(tenant -> assertThat(tenant.asString()).isEqualTo("acme"));
            assertThat(record.stage()).isEqualTo(Stage.DATA);
            assertThat(record.ruleIds()).containsExactly("MIME_STRUCTURE_LIMIT");
            assertThat(record.recipients().get("bob@acme.example").disposition()).isEqualTo(Disposition.REJECTED);
            assertThat(record.reasons())
                .containsExactly("REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (MIME parts nested deeper than 5 levels)");
        });
    }

    @Test
    void onMessageShouldRefuseWith500WhenALineOfTheMessageWasOverTheLimit() throws Exception {
        OverlongLines.mark(session);

        HookResult result = onMessage(mail("Subject: hi\r\n\r\nbody\r\n"));

        assertThat(result.getSmtpRetCode()).isEqualTo("500");
        assertThat(result.getSmtpDescription()).startsWith("5.5.2 ");
        assertThat(log.refusals.values()).singleElement().satisfies(record -> assertThat(record.ruleIds()).containsExactly("SMTP_LINE_TOO_LONG"));
    }

    @Test
    void onMessageShouldNotSeeALongLineOfAnEarlierTransaction() throws Exception {
        OverlongLines.mark(session);
        session.resetState();

        assertThat(onMessage(mail("Subject: hi\r\n\r\nbody\r\n")).getResult()).isEqualTo(HookReturnCode.declined());
    }
}
