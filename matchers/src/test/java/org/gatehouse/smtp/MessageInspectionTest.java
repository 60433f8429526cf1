package org.gatehouse.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.content.ContentInspection;
import org.gatehouse.message.ParsedMessage;
import org.junit.jupiter.api.Test;

class MessageInspectionTest {
    /** A message of its own for each test: the node's memo of inspections is keyed by content. */
    private static byte[] message() {
        return ("From: Alice <Alice@Sender.example>\r\n"
            + "To: bob@acme.test\r\n"
            + "Subject: Minutes\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\"b\"\r\n"
            + "\r\n"
            + "--b\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "The minutes, " + UUID.randomUUID() + ", are at https://sender.example/minutes\r\n"
            + "--b\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "\r\n"
            + "<p>The <a href=\"https://sender.example/minutes\">minutes</a></p>\r\n"
            + "--b--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static FakeMail mail(SmtpTestFixtures.Session session, byte[] message) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").sender("bounces@sender.example").recipients("bob@acme.test")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message)))
            .build();
        session.setAttachment(SMTPConstants.MAIL, mail, ProtocolSession.State.Transaction);
        return mail;
    }

    @Test
    void viewShouldComeFromTheInspectionsParseWhenTheContentInspectionRanFirst() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false);
        byte[] raw = message();
        FakeMail mail = mail(session, raw);

        ContentInspection inspection = MessageInspection.of(session, mail);
        ParsedMessage view = MessageInspection.view(session, mail);

        assertThat(inspection.parts()).hasSize(2);
        assertThat(MessageInspection.sharedView(session)).isPresent();
        assertThat(view.returnPath()).contains("bounces@sender.example");
        assertThat(view.from()).containsExactly("alice@sender.example");
        assertThat(view.links()).containsExactly("https://sender.example/minutes");
        ParsedMessage own = ParsedMessage.parse(MessageInspection.withReturnPath("<bounces@sender.example>", ReceivedBytes.of(session, mail)));
        assertThat(view.headers()).isEqualTo(own.headers());
        assertThat(view.readableText()).isEqualTo(own.readableText());
    }

    @Test
    void viewShouldBeParsedOnceForTheTransactionWhenNoInspectionRan() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false);
        FakeMail mail = mail(session, message());

        ParsedMessage first = MessageInspection.view(session, mail);
        ParsedMessage second = MessageInspection.view(session, mail);

        assertThat(MessageInspection.sharedView(session)).isEmpty();
        assertThat(second).isSameAs(first);
        assertThat(first.returnPath()).contains("bounces@sender.example");
        assertThat(first.from()).containsExactly("alice@sender.example");
    }

    @Test
    void viewShouldBeParsedOnItsOwnWhenTheInspectionWasRememberedFromAnEarlierCopy() throws Exception {
        byte[] raw = message();
        SmtpTestFixtures.Session earlier = new SmtpTestFixtures.Session(false);
        MessageInspection.of(earlier, mail(earlier, raw));
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false);
        FakeMail mail = mail(session, raw);

        MessageInspection.of(session, mail);
        ParsedMessage view = MessageInspection.view(session, mail);

        assertThat(MessageInspection.sharedView(session)).isEmpty();
        assertThat(view.from()).containsExactly("alice@sender.example");
        assertThat(view.links()).containsExactly("https://sender.example/minutes");
    }

    @Test
    void viewShouldReadAMessageThatStartsWithAContinuationLineAsItsDeliveredBytesOnce() throws Exception {
        SmtpTestFixtures.Session session = new SmtpTestFixtures.Session(false);
        byte[] raw = ("\tfolded: " + UUID.randomUUID() + "\r\nFrom: alice@sender.example\r\nSubject: odd\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        FakeMail mail = FakeMail.builder().name("m1").sender("bounces@sender.example").recipients("bob@acme.test")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw))).build();
        session.setAttachment(SMTPConstants.MAIL, mail, ProtocolSession.State.Transaction);
        MessageInspection.of(session, mail);

        ParsedMessage view = MessageInspection.view(session, mail);

        ParsedMessage delivered = ParsedMessage.parse(MessageInspection.withReturnPath("<bounces@sender.example>", ReceivedBytes.of(session, mail)));
        assertThat(view.headers()).isEqualTo(delivered.headers());
        assertThat(MessageInspection.view(session, mail)).isSameAs(view);
    }
}
