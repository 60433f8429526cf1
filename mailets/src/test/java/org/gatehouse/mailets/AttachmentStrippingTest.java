package org.gatehouse.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.gatehouse.content.ContentPolicy;
import org.junit.jupiter.api.Test;

class AttachmentStrippingTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    private static MimeMessage message(String text) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /** Written out and read back, as the next hop would. */
    private static MimeMessage reparsed(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    private static ContentPolicy.Strip strip(String section, String path) {
        return new ContentPolicy.Strip(section, path, "CONTENT_DENIED_TYPE: " + path + " is application/x-msdownload (executable)");
    }

    @Test
    void stripShouldRemoveANestedPartAndTheMultipartItEmptied() throws Exception {
        MimeMessage message = message("""
            From: a@example.com
            Subject: nested
            Message-ID: <keep@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain

            Hello.
            --outer
            Content-Type: multipart/mixed; boundary="inner"

            --inner
            Content-Type: application/octet-stream; name="a.exe"

            MZ
            --inner--
            --outer
            Content-Type: text/plain; name="keep.txt"

            kept
            --outer--
            """);

        int removed = AttachmentStripping.strip(message, List.of(strip("2.1", "a.exe")), "acme.policy.1");

        MimeMessage result = reparsed(message);
        MimeMultipart root = (MimeMultipart) result.getContent();
        assertThat(removed).isEqualTo(1);
        assertThat(root.getCount()).isEqualTo(3);
        assertThat(root.getBodyPart(0).getContent().toString()).contains("Hello.");
        assertThat(root.getBodyPart(1).getFileName()).isEqualTo("keep.txt");
        assertThat(root.getBodyPart(2).getContent().toString()).contains("a.exe", "CONTENT_DENIED_TYPE", "acme.policy.1");
        assertThat(result.getMessageID()).isEqualTo("<keep@example.com>");
    }

    @Test
    void stripShouldReplaceTheBodyOfASinglePartMessage() throws Exception {
        MimeMessage message = message("""
            From: a@example.com
            Subject: single
            MIME-Version: 1.0
            Content-Type: application/octet-stream; name="setup.exe"

            MZ
            """);

        AttachmentStripping.strip(message, List.of(strip("1", "setup.exe")), "acme.policy.2");

        MimeMessage result = reparsed(message);
        MimeMultipart root = (MimeMultipart) result.getContent();
        assertThat(root.getCount()).isEqualTo(1);
        assertThat(root.getBodyPart(0).getContent().toString()).contains("setup.exe", "acme.policy.2");
        assertThat(result.getSubject()).isEqualTo("single");
    }

    @Test
    void stripShouldKeepTheNoteFreeOfControlCharactersFromTheMessage() throws Exception {
        MimeMessage message = message("""
            From: a@example.com
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            Hi
            --b
            Content-Type: application/octet-stream; name="x.exe"

            MZ
            --b--
            """);

        AttachmentStripping.strip(message, List.of(strip("2", "x.exe\r\nBcc: victim@example.com")), "id");

        String note = ((MimeMultipart) reparsed(message).getContent()).getBodyPart(1).getContent().toString();
        assertThat(note).contains("x.exe  Bcc: victim@example.com").doesNotContain("\r\nBcc:");
    }

    @Test
    void stripShouldChangeNothingWhenNoSectionMatches() throws Exception {
        MimeMessage message = message("""
            From: a@example.com
            MIME-Version: 1.0
            Content-Type: text/plain

            Hi
            """);

        assertThat(AttachmentStripping.strip(message, List.of(strip("3", "gone.exe")), "id")).isZero();
        assertThat(message.getContent().toString()).contains("Hi");
    }
}
