package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The texts of one message a DLP scan reads, as plain strings: the subject, the body's readable text, and the text
 * extracted from each attachment (at any archive depth) with its path. Whoever extracts the text builds this.
 */
public record DlpContent(String subject, String body, List<AttachmentText> attachments) {
    /** The text extracted from one attachment; {@code path} names it inside its archives, e.g. {@code a.zip/b.xlsx}. */
    public record AttachmentText(String path, String text) {
        public AttachmentText {
            Objects.requireNonNull(path);
            Objects.requireNonNull(text);
        }

        /** Never the text. */
        @Override
        public String toString() {
            return "AttachmentText[" + path + ", " + text.length() + " chars]";
        }
    }

    /** One text and where it comes from. */
    record Part(DlpLocation location, String text) {
        /** Never the text. */
        @Override
        public String toString() {
            return "Part[" + location + ", " + text.length() + " chars]";
        }
    }

    public DlpContent {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(body);
        attachments = List.copyOf(attachments);
    }

    public static DlpContent of(String subject, String body) {
        return new DlpContent(subject, body, List.of());
    }

    public DlpContent withAttachment(String path, String text) {
        List<AttachmentText> more = new ArrayList<>(attachments);
        more.add(new AttachmentText(path, text));
        return new DlpContent(subject, body, more);
    }

    /** Subject, body, then the attachments in order: the order the scan budget is spent in. */
    List<Part> parts() {
        List<Part> parts = new ArrayList<>(attachments.size() + 2);
        parts.add(new Part(DlpLocation.subject(), subject));
        parts.add(new Part(DlpLocation.body(), body));
        attachments.forEach(attachment -> parts.add(new Part(DlpLocation.attachment(attachment.path()), attachment.text())));
        return parts;
    }

    /** Never the texts: they are what DLP protects. */
    @Override
    public String toString() {
        return "DlpContent[subject " + subject.length() + " chars, body " + body.length() + " chars, "
            + attachments.size() + " attachments]";
    }
}
