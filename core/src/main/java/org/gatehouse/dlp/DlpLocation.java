package org.gatehouse.dlp;

import java.util.Objects;
import java.util.Optional;

/** Where in a message a DLP match was found: the subject, the body text, or an attachment at its archive path. */
public final class DlpLocation {
    /** The part of the message. */
    public enum Part { SUBJECT, BODY, ATTACHMENT }

    private static final DlpLocation SUBJECT = new DlpLocation(Part.SUBJECT, Optional.empty());
    private static final DlpLocation BODY = new DlpLocation(Part.BODY, Optional.empty());

    public static DlpLocation subject() {
        return SUBJECT;
    }

    public static DlpLocation body() {
        return BODY;
    }

    /** @param path the attachment's name, with the archives it sits in, e.g. {@code cards.zip/cards.xlsx} */
    public static DlpLocation attachment(String path) {
        Objects.requireNonNull(path);
        return new DlpLocation(Part.ATTACHMENT, Optional.of(path));
    }

    private final Part part;
    private final Optional<String> path;

    private DlpLocation(Part part, Optional<String> path) {
        this.part = part;
        this.path = path;
    }

    public Part part() {
        return part;
    }

    /** The attachment's path; empty for the subject and the body. */
    public Optional<String> path() {
        return path;
    }

    /** {@code subject}, {@code body} or {@code attachment cards.zip/cards.xlsx}. */
    public String asString() {
        return path.map(value -> "attachment " + value).orElse(part == Part.SUBJECT ? "subject" : "body");
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof DlpLocation that && part == that.part && path.equals(that.path);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(part, path);
    }

    @Override
    public String toString() {
        return asString();
    }
}
