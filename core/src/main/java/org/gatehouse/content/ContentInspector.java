package org.gatehouse.content;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.gatehouse.message.ParsedMessage;

/**
 * Content inspection, the core of the attachment rules, DLP and the antivirus fallback: true types by content,
 * recursive unpacking of archives and nested messages within {@link ContentLimits}, encryption, and text. Thread-safe
 * and reusable; an inspection never throws: whatever fails becomes a problem in the {@link ContentInspection}.
 */
public final class ContentInspector {
    private final ContentTypes types;
    private final TextExtractor extractor;
    private final ContentLimits limits;

    public ContentInspector(ContentLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        this.types = ContentTypes.standard();
        this.extractor = new TextExtractor(types.config());
    }

    public static ContentInspector withDefaults() {
        return new ContentInspector(ContentLimits.defaults());
    }

    public ContentLimits limits() {
        return limits;
    }

    /** Inspects a raw RFC 5322 message (an mbox {@code From } line on top is skipped): every part, at every depth. */
    public ContentInspection inspectMessage(byte[] raw) {
        return inspectMessage(new ByteArrayInputStream(raw));
    }

    /** Inspects a raw RFC 5322 message read from the stream, which the caller closes. */
    public ContentInspection inspectMessage(InputStream raw) {
        return inspectMessage(raw, Optional.empty());
    }

    /**
     * Inspects a raw RFC 5322 message and, in the same MIME parse, feeds the reading of its {@link ParsedMessage view}
     * (which has a view afterwards only if that parse ran to the end of the message).
     */
    public ContentInspection inspectMessage(byte[] raw, ParsedMessage.Reading reading) {
        return inspectMessage(new ByteArrayInputStream(raw), Optional.of(reading));
    }

    private ContentInspection inspectMessage(InputStream raw, Optional<ParsedMessage.Reading> reading) {
        try {
            return new Inspection(types, extractor, limits).message(raw, reading);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // LinkageError: a format whose codec is not on the class path (zstd in commons-compress): unscannable
            return failed("message", e);
        }
    }

    /** Inspects one file, as if it were a message part with that name and declared type. */
    public ContentInspection inspectFile(String name, Optional<String> declaredType, byte[] content) {
        return inspectFile(name, declaredType, new ByteArrayInputStream(content));
    }

    /** Inspects one file read from the stream, which the caller closes. */
    public ContentInspection inspectFile(String name, Optional<String> declaredType, InputStream content) {
        try {
            return new Inspection(types, extractor, limits).file(name, declaredType, content);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return failed("file", e);
        }
    }

    private static ContentInspection failed(String what, Throwable e) {
        return new ContentInspection(List.of(), List.of(ContentProblem.of(ContentProblem.Kind.UNREADABLE,
                what + " unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage())), Duration.ZERO, 0, List.of(), List.of(), java.util.Set.of());
    }
}
