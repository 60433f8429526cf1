package org.gatehouse.content;

import java.util.Objects;

/**
 * Something an inspection met on one part: a declared type that lies, a bound hit, a container that could not be
 * opened, text that could not be extracted.
 *
 * @param kind what happened
 * @param reason what a person reading the quarantine sees, e.g. {@code nested deeper than 5 levels}
 */
public record ContentProblem(Kind kind, String reason) {
    /** What an inspection could not do or did not believe. */
    public enum Kind {
        /** The declared Content-Type or the file name's extension disagrees with the type the content has. */
        TYPE_MISMATCH,
        /** A bound of {@link ContentLimits} was hit: what lies beyond was not looked at. */
        LIMIT_EXCEEDED,
        /** A container in a format Gatehouse does not open (RAR, CAB, zstd, an unknown zip method). */
        NOT_UNPACKED,
        /** A container or message too damaged to list. */
        UNREADABLE,
        /** The text of a document could not be extracted (damaged, or a format without a text parser). */
        TEXT_FAILED;

        /** Whether a part with this problem holds content nothing looked at: the tenant's "unscannable" action applies. */
        public boolean unscannable() {
            return this == LIMIT_EXCEEDED || this == NOT_UNPACKED || this == UNREADABLE;
        }
    }

    public ContentProblem {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(reason);
    }

    public static ContentProblem of(Kind kind, String reason) {
        return new ContentProblem(kind, reason);
    }
}
