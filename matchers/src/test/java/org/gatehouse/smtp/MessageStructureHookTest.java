package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.smtp.SmtpTestFixtures.assertTemporaryFailure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.message.MimeStructure;
import org.gatehouse.message.NestedMime;
import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.Disposition;
import org.gatehouse.messagelog.MessageRecord;
import org.gatehouse.messagelog.RecordingMessageLog;
import org.gatehouse.pipeline.PipelineAttributes;
import org.gatehouse.tenant.InMemoryTenantStore;
import org.gatehouse.tenant.TenantDirectory;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageStructureHookTest {
    private static final String SMALL = "Subject: hi\r\n\r\nbody\r\n";
    private static final String TOO_DEEP = "5.6.0 Message refused: MIME parts nested deeper than 5 levels";

    private InMemoryTenantStore tenants;
    private RecordingMessageLog log;
    private MessageStructureHook hook;
    private SmtpTestFixtures.Session session;

    @BeforeEach
    void setUp() {
        tenants = SmtpTestFixtures.tenants();
        log = new RecordingMessageLog();
        hook = hook(log);
        session = new SmtpTestFixtures.Session();
    }

    private MessageStructureHook hook(RecordingMessageLog messageLog) {
        return new MessageStructureHook(new MimeStructure.Limits(5, 100, 100), new TenantDirectory(tenants), messageLog);
    }

    private static MimeMessage message(String message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
    }

    private static FakeMail mail(String message, String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender("mallory@sender.test")
            .recipients(recipients.length == 0 ? new String[] {"bob@acme.example"} : recipients)
            .mimeMessage(message(message))
            .build();
    }

    private static String multipart(int parts) {
        StringBuilder message = new StringBuilder("Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        for (int part = 0; part < parts; part++) {
            message.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(part).append("\r\n");
        }
        return message.append("--b--\r\n").toString();
    }

    private static String headerFields(int fields) {
        StringBuilder message = new StringBuilder();
        for (int field = 0; field < fields; field++) {
            message.append("X-Field-").append(field).append(": ").append(field).append("\r\n");
        }
        return message.append("\r\nbody\r\n").toString();
    }

    private static void assertRefused(HookResult result, String code, String description) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo(code);
        assertThat(result.getSmtpDescription()).isEqualTo(description);
    }

    private static Optional<String> tenantOf(MessageRecord record) {
        return record.tenantId().map(TenantId::asString);
    }

    @Test
    void onMessageShouldDeclineAndKeepTheDepthWhenTheStructureIsWithinBounds() throws Exception {
        HookResult result = hook.onMessage(session, mail(NestedMime.message(5)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(MessageStructureHook.measured(session)).hasValueSatisfying(structure -> assertThat(structure.depth()).isEqualTo(5));
        assertThat(log.records).isEmpty();
    }

    @Test
    void onMessageShouldAcceptAMessageAtEveryBound() throws Exception {
        assertThat(hook.onMessage(session, mail(multipart(100))).getResult()).isEqualTo(HookReturnCode.declined());
        session.resetState();
        assertThat(hook.onMessage(session, mail(headerFields(100))).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void onMessageShouldRefuseWith554AndRecordItWhenNestingIsDeeperThanTheBound() throws Exception {
        HookResult result = hook.onMessage(session, mail(NestedMime.message(3000)));

        assertRefused(result, "554", TOO_DEEP);
        assertThat(log.records).singleElement().satisfies(record -> assertThat(tenantOf(record)).contains("acme"));
        assertThat(log.dispositions).containsEntry("bob@acme.example", Disposition.REJECTED);
        assertThat(log.reasons).containsExactly("REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (MIME parts nested deeper than 5 levels)");
        assertThat(log.details).containsExactly("554 " + TOO_DEEP);
    }

    @Test
    void onMessageShouldRefuseWith554WhenTheMessageHasMorePartsThanTheBound() throws Exception {
        assertRefused(hook.onMessage(session, mail(multipart(101))), "554", "5.6.0 Message refused: more than 100 MIME parts");
        assertThat(log.reasons).containsExactly("REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (more than 100 MIME parts)");
    }

    @Test
    void onMessageShouldRefuseWith554WhenAHeaderSectionHasMoreFieldsThanTheBound() throws Exception {
        assertRefused(hook.onMessage(session, mail(headerFields(101))), "554",
            "5.6.0 Message refused: more than 100 header fields in one header section");
    }

    @Test
    void onMessageShouldRecordTheClientHeloAndTransportOfARefusedMessage() throws Exception {
        session.setAttachment(SMTPSession.CURRENT_HELO_NAME, "mx.sender.test", ProtocolSession.State.Connection);
        FakeMail mail = mail(NestedMime.message(6));
        mail.setAttribute(new Attribute(AttributeName.of(PipelineAttributes.TLS), AttributeValue.of("TLSv1.3 TLS_AES_256_GCM_SHA384")));

        hook.onMessage(session, mail);

        assertThat(log.records).singleElement().satisfies(record -> {
            assertThat(record.direction()).isEqualTo(Direction.INBOUND);
            assertThat(record.sender()).isEqualTo("mallory@sender.test");
            assertThat(record.clientIp()).contains(SmtpTestFixtures.CLIENT);
            assertThat(record.helo()).contains("mx.sender.test");
            assertThat(record.tls()).contains("TLSv1.3 TLS_AES_256_GCM_SHA384");
        });
    }

    @Test
    void onMessageShouldRecordOneRefusalPerTenantOfTheRecipients() throws Exception {
        hook.onMessage(session, mail(NestedMime.message(6), "bob@acme.example", "carol@globex.example", "dave@elsewhere.example",
            "erin@acme.example"));

        assertThat(log.records).extracting(MessageStructureHookTest::tenantOf)
            .containsExactly(Optional.of("acme"), Optional.of("globex"), Optional.empty());
        assertThat(log.records).extracting(record -> record.recipientStates().keySet()).containsExactly(
            Set.of("bob@acme.example", "erin@acme.example"), Set.of("carol@globex.example"),
            Set.of("dave@elsewhere.example"));
        assertThat(log.dispositions).hasSize(4).containsValue(Disposition.REJECTED).doesNotContainValue(Disposition.QUEUED);
    }

    @Test
    void onMessageShouldRecordAnOutboundRefusalUnderTheRelayClientsTenant() throws Exception {
        SmtpTestFixtures.Session relaying = new SmtpTestFixtures.Session(true).from(SmtpTestFixtures.ACME_RELAY_CLIENT);

        HookResult result = hook.onMessage(relaying, mail(NestedMime.message(6), "carol@globex.example", "dave@elsewhere.example"));

        assertRefused(result, "554", TOO_DEEP);
        assertThat(log.records).singleElement().satisfies(record -> {
            assertThat(record.direction()).isEqualTo(Direction.OUTBOUND);
            assertThat(tenantOf(record)).contains("acme");
            assertThat(record.recipientStates()).containsOnlyKeys("carol@globex.example", "dave@elsewhere.example");
        });
    }

    @Test
    void onMessageShouldStillRefuseAndRecordWithoutTenantWhenTheTenantStoreCannotBeRead() throws Exception {
        tenants.failWith(new IllegalStateException("database down"));

        HookResult result = hook.onMessage(session, mail(NestedMime.message(6), "bob@acme.example", "carol@globex.example"));

        assertRefused(result, "554", TOO_DEEP);
        assertThat(log.records).singleElement().satisfies(record -> {
            assertThat(record.tenantId()).isEmpty();
            assertThat(record.recipientStates()).containsOnlyKeys("bob@acme.example", "carol@globex.example");
        });
    }

    @Test
    void onMessageShouldStillRefuseWhenTheMessageLogFails() throws Exception {
        MessageStructureHook withBrokenLog = hook(new RecordingMessageLog() {
            @Override
            public void record(MessageRecord record) {
                throw new IllegalStateException("message log down");
            }
        });

        assertRefused(withBrokenLog.onMessage(session, mail(NestedMime.message(6))), "554", TOO_DEEP);
    }

    @Test
    void onMessageShouldAnswer451WhenTheMessageCannotBeRead() throws Exception {
        MimeMessage unreadable = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                throw new IOException("spooled message gone");
            }
        };
        FakeMail mail = FakeMail.builder().name("m1").sender("mallory@sender.test").recipient("bob@acme.example").mimeMessage(unreadable).build();

        assertTemporaryFailure(hook.onMessage(session, mail));
        assertThat(MessageStructureHook.measured(session)).isEmpty();
        assertThat(log.records).isEmpty();
    }

    @Test
    void onMessageShouldRefuseWith500WhenALineOfTheMessageWasOverTheLimit() throws Exception {
        OverlongLines.mark(session);

        HookResult result = hook.onMessage(session, mail(SMALL));

        assertRefused(result, "500", "5.5.2 Message refused: a line is too long (RFC 5321 section 4.5.3.1.6)");
        assertThat(log.reasons).containsExactly("REJECTED at the end of DATA: SMTP_LINE_TOO_LONG (a line over the server's limit)");
        assertThat(log.dispositions).containsEntry("bob@acme.example", Disposition.REJECTED);
    }

    @Test
    void onMessageShouldNotSeeALongLineOfAnEarlierTransaction() throws Exception {
        OverlongLines.mark(session);
        session.resetState();

        assertThat(hook.onMessage(session, mail(SMALL)).getResult()).isEqualTo(HookReturnCode.declined());
    }
}
