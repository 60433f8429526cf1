package org.gatehouse.reports.mail;

import java.util.List;
import java.util.Objects;

import com.google.common.base.MoreObjects;

/** A report ready to send: the RFC 5322 message and its envelope recipients (the addresses of its To header). */
public final class ReportMessage {
    private final String messageId;
    private final List<String> recipients;
    private final byte[] content;

    ReportMessage(String messageId, List<String> recipients, byte[] content) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.recipients = List.copyOf(recipients);
        this.content = content.clone();
    }

    public String messageId() {
        return messageId;
    }

    public List<String> recipients() {
        return recipients;
    }

    /** The message, headers and body, with CRLF line ends. */
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("messageId", messageId).add("recipients", recipients.size()).toString();
    }
}
