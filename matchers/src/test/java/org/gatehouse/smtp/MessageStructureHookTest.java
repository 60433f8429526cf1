package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.message.NestedMime;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageStructureHookTest {
    private RecordingMessageLog log;
    private MessageStructureHook hook;
    private SmtpTestFixtures.Session session;

    @BeforeEach
    void setUp() {
        log = new RecordingMessageLog();
        hook = new MessageStructureHook(new MimeStructure.Limits(5, 100, 100), SmtpTestFixtures.directory(), log);
        session = new SmtpTestFixtures.Session(false);
    }

    private static FakeMail mail(String message) throws Exception {
        return FakeMail.builder().name("m1").sender("mallory@sender.test").recipient("bob@acme.example")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    @Test
    void onMessageShouldDeclineAndKeepTheDepthWhenTheStructureIsWithinBounds() throws Exception {
        HookResult result = hook.onMessage(session, mail(NestedMime.message(5)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(MessageStructureHook.measured(session)).hasValueSatisfying(structure -> assertThat(structure.depth()).isEqualTo(5));
        assertThat(log.records).isEmpty();
    }

    @Test
    void onMessageShouldRefuseWith554AndRecordItWhenNestingIsDeeperThanTheBound() throws Exception {
        HookResult result = hook.onMessage(session, mail(NestedMime.message(3000)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).isEqualTo("5.6.0 Message refused: MIME parts nested deeper than 5 levels");
        assertThat(log.records).singleElement().satisfies(record -> assertThat(record.tenantId()).hasValueSatisfying(
            tenant -> assertThat(tenant.asString()).isEqualTo("acme")));
        assertThat(log.dispositions).containsEntry("bob@acme.example", Disposition.REJECTED);
        assertThat(log.reasons).containsExactly("REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (MIME parts nested deeper than 5 levels)");
    }

    @Test
    void onMessageShouldRefuseWith500WhenALineOfTheMessageWasOverTheLimit() throws Exception {
        OverlongLines.mark(session);

        HookResult result = hook.onMessage(session, mail("Subject: hi\r\n\r\nbody\r\n"));

        assertThat(result.getSmtpRetCode()).isEqualTo("500");
        assertThat(result.getSmtpDescription()).startsWith("5.5.2 ");
        assertThat(log.reasons).singleElement().asString().contains("SMTP_LINE_TOO_LONG");
    }

    @Test
    void onMessageShouldNotSeeALongLineOfAnEarlierTransaction() throws Exception {
        OverlongLines.mark(session);
        session.resetState();

        assertThat(hook.onMessage(session, mail("Subject: hi\r\n\r\nbody\r\n")).getResult()).isEqualTo(HookReturnCode.declined());
    }
}
