package org.gatehouse.quarantine.digest;

import java.util.List;
import java.util.Objects;

import org.gatehouse.quarantine.QuarantineEntry;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;

/** A digest ready to send: the RFC 5322 message and the entries it reports, for the record of what was sent. */
public final class DigestMessage {
    private final String recipient;
    private final String messageId;
    private final List<QuarantineEntry> entries;
    private final byte[] content;

    DigestMessage(String recipient, String messageId, List<QuarantineEntry> entries, byte[] content) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.entries = ImmutableList.copyOf(entries);
        this.content = content.clone();
    }

    public String recipient() {
        return recipient;
    }

    public String messageId() {
        return messageId;
    }

    /** Every entry the digest counts, newest first (it lists at most {@link DigestMessageBuilder#MAX_LISTED}). */
    public List<QuarantineEntry> entries() {
        return entries;
    }

    /** The message, headers and body, with CRLF line ends. */
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("recipient", recipient).add("messageId", messageId)
            .add("entries", entries.size()).toString();
    }
}
