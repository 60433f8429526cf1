package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.quarantine.HoldingCheck;
import org.junit.jupiter.api.Test;

class HeaderEditingTest {
    private static final String HEADERS = "Received: from client.test by mx.gatehouse.test\r\nFrom: J\u00f6rg <joerg@sender.test>\r\n" // Latin-1 letters written as escapes
        + "Subject: caf\u00e9 report\r\nMessage-ID: <m1@sender.test>\r\nMIME-Version: 1.0\r\n"; // Latin-1 letters written as escapes
    private static final String NO_START_BOUNDARY = "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        + "this multipart never opens its first part\r\n";
    private static final String EMPTY_PARAMETER = "Content-Type: text/plain; ; charset=utf-8\r\n\r\nan empty parameter\r\n";
    private static final HeaderEdits VERDICT = HeaderEdits.none()
        .set("X-Gatehouse-Score", "12")
        .add("Authentication-Results", "mx.gatehouse.test;\r\n\tspf=none smtp.mailfrom=sender.test")
        .prefixSubject("[SPAM]");

    /** A mail as the spooler holds it: James's wrapper around the bytes received. */
    private static Mail mail(String message) throws Exception {
        return MailImpl.builder().name("m1").sender("mallory@sender.test").addRecipient("bob@acme.example").state("inbound")
            .mimeMessage(new MimeMessageWrapper(source(message.getBytes(StandardCharsets.ISO_8859_1)))).build();
    }

    private static MimeMessageSource source(byte[] bytes) {
        return new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "test";
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static String written(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n"));
    }

    @Test
    void aWellFormedMessageShouldGetItsHeadersOnItsStoredBytes() throws Exception {
        Mail mail = mail(HEADERS + "Content-Type: text/plain\r\n\r\nhello\r\n");

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("X-Gatehouse-Score")).containsExactly("12");
        assertThat(message.getHeader("Authentication-Results")).hasSize(1);
        assertThat(message.getSubject()).startsWith("[SPAM] caf");
        assertThat(written(mail)).endsWith("\r\n\r\nhello\r\n");
        assertThat(mail.getState()).isEqualTo("inbound");
    }

    @Test
    void aMessageAsStoredShouldKeepEveryStoredByteBelowTheNewFields() throws Exception {
        // bare line feeds, as a message stored by another tool has them: JavaMail would write its header lines with CRLF
        String stored = "From: a@sender.test\nSubject: hi\n  folded\n\nbody\n";
        MailImpl mail = (MailImpl) mail("From: x@sender.test\r\n\r\nx\r\n");
        mail.setMessageNoCopy(new MimeMessageWrapper(source(stored.getBytes(StandardCharsets.ISO_8859_1))));

        HeaderEditing.apply(mail, HeaderEdits.none().set("X-Gatehouse-Score", "12"), HoldingCheck.SCORING, "quarantine");

        try (InputStream edited = ((MimeMessageWrapper) mail.getMessage()).getMessageInputStream()) {
            assertThat(new String(edited.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("X-Gatehouse-Score: 12\r\n" + stored);
        }
        assertThat(mail.getMessage().getHeader("X-Gatehouse-Score")).containsExactly("12");
    }

    @Test
    void aLargeMessageAsStoredShouldGetItsHeadersAndKeepItsBody() throws Exception {
        // past 100 KB the rebuilt message goes to James's own storage (a file) rather than staying in the heap
        String body = "a line of a large report\r\n".repeat(6000);
        Mail mail = mail(HEADERS + "Content-Type: text/plain\r\n\r\n" + body);

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        assertThat(mail.getMessage().getHeader("X-Gatehouse-Score")).containsExactly("12");
        assertThat(mail.getMessage().getSubject()).startsWith("[SPAM] caf");
        assertThat(written(mail)).endsWith("\r\n\r\n" + body).hasSizeGreaterThan(100 * 1024);
    }

    @Test
    void aMessageChangedThroughJavaMailShouldBeChangedWithJavaMail() throws Exception {
        Mail mail = mail(HEADERS + "Content-Type: text/plain\r\n\r\nhello\r\n");
        mail.getMessage().setHeader("X-Earlier", "set by another mailet");

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("X-Earlier")).containsExactly("set by another mailet");
        assertThat(message.getHeader("X-Gatehouse-Score")).containsExactly("12");
        assertThat(message.getSubject()).startsWith("[SPAM] caf");
        assertThat(written(mail)).endsWith("\r\n\r\nhello\r\n");
    }

    @Test
    void aMultipartWithoutItsStartBoundaryShouldGetItsHeadersOnTheRawBytes() throws Exception {
        Mail mail = mail(HEADERS + NO_START_BOUNDARY);

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        String written = written(mail);
        assertThat(written).startsWith("X-Gatehouse-Score: 12\r\nAuthentication-Results: mx.gatehouse.test;\r\n\tspf=none smtp.mailfrom=sender.test\r\n"
            + "Received: from client.test by mx.gatehouse.test\r\n");
        assertThat(mail.getMessage().getSubject()).startsWith("[SPAM] caf");
        assertThat(body(written)).isEqualTo(body(NO_START_BOUNDARY));
        assertThat(mail.getState()).isEqualTo("inbound");
    }

    @Test
    void aContentTypeWithAnEmptyParameterShouldGetItsHeadersOnTheRawBytes() throws Exception {
        Mail mail = mail(HEADERS + EMPTY_PARAMETER);

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SENDER, "quarantine");

        assertThat(mail.getMessage().getHeader("X-Gatehouse-Score")).containsExactly("12");
        assertThat(body(written(mail))).isEqualTo(body(EMPTY_PARAMETER));
        assertThat(written(mail)).contains("Content-Type: text/plain; ; charset=utf-8\r\n");
    }

    @Test
    void everyCheckInTurnShouldAddItsHeadersToABrokenMessage() throws Exception {
        Mail mail = mail(HEADERS + NO_START_BOUNDARY);

        HeaderEditing.apply(mail, HeaderEdits.none().set("X-Gatehouse-Content", "tag"), HoldingCheck.CONTENT, "quarantine");
        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");
        HeaderEditing.apply(mail, HeaderEdits.none().set("X-Gatehouse-DLP", "tag"), HoldingCheck.DLP, "quarantine");
        HeaderEditing.apply(mail, HeaderEdits.none().remove("Received"), HoldingCheck.CONTENT, "quarantine");

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("X-Gatehouse-Content")).containsExactly("tag");
        assertThat(message.getHeader("X-Gatehouse-Score")).containsExactly("12");
        assertThat(message.getHeader("X-Gatehouse-DLP")).containsExactly("tag");
        assertThat(message.getHeader("Received")).isNull();
        assertThat(body(written(mail))).isEqualTo(body(NO_START_BOUNDARY));
    }

    @Test
    void aMessageThatCannotBeReadAtAllShouldBeHeldWithTheReason() throws Exception {
        Mail mail = unreadable();

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(mail.getErrorMessage()).startsWith("held: the message cannot be modified").contains("scoring");
        assertThat(Hold.check(mail)).contains(HoldingCheck.SCORING);
        assertThat(Hold.rules(mail)).containsExactly(HeaderEditing.UNMODIFIABLE_RULE);
    }

    @Test
    void aMessageReleasedFromTheCheckShouldGoOnUnchangedRatherThanBeHeldAgain() throws Exception {
        Mail mail = unreadable();
        MailAttributes.set(mail, org.gatehouse.quarantine.store.QuarantineAttributes.RELEASED_FROM, HoldingCheck.SCORING.asString());

        HeaderEditing.apply(mail, VERDICT, HoldingCheck.SCORING, "quarantine");

        assertThat(mail.getState()).isEqualTo("inbound");
    }

    private static Mail unreadable() throws Exception {
        return FakeMail.builder().name("m1").mimeMessage(new Unreadable()).recipient("bob@acme.example").state("inbound").build();
    }

    /** Neither JavaMail nor the raw bytes: a message whose body cannot be read. */
    private static final class Unreadable extends MimeMessage {
        Unreadable() throws MessagingException {
            super(Session.getInstance(new Properties()), new ByteArrayInputStream((HEADERS + NO_START_BOUNDARY)
                .getBytes(StandardCharsets.ISO_8859_1)));
        }

        @Override
        public InputStream getRawInputStream() throws MessagingException {
            throw new MessagingException("the stored body is gone");
        }

    }
}
