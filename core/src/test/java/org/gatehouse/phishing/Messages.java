package org.gatehouse.phishing;

import java.nio.charset.StandardCharsets;

import org.gatehouse.message.ParsedMessage;

/** Small raw messages for the phishing tests. */
final class Messages {
    private Messages() {
    }

    static ParsedMessage html(String html) {
        return parse("Content-Type: text/html; charset=utf-8\r\n\r\n" + html);
    }

    static ParsedMessage text(String text) {
        return parse("Content-Type: text/plain; charset=utf-8\r\n\r\n" + text);
    }

    static ParsedMessage textWithAttachment(String text, String filename, String contentType, String attachment) {
        return parse("Content-Type: multipart/mixed; boundary=b1\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n"
                + "--b1\r\nContent-Type: " + contentType + "; name=\"" + filename + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n\r\n" + attachment + "\r\n"
                + "--b1--\r\n");
    }

    static ParsedMessage parse(String bodyAndContentType) {
        String raw = "From: sender@example.com\r\nTo: someone@example.org\r\nSubject: test\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\nMIME-Version: 1.0\r\n"
                + bodyAndContentType;
        return ParsedMessage.parse(raw.getBytes(StandardCharsets.UTF_8));
    }
}
