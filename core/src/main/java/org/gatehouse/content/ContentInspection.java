package org.gatehouse.content;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.verdict.Finding;

/**
 * What content inspection found in one message or file: every part and unpacked entry, depth first, with its true
 * type, family, encryption and text, and the problems that make it unscannable. Immutable; built only by
 * {@link ContentInspector}, which never throws.
 */
public final class ContentInspection {
    static final String CHECK = "content";

    private final List<InspectedPart> parts;
    private final List<ContentProblem> problems;
    private final Duration elapsed;
    private final long expandedBytes;
    private final List<Payload> opaquePayloads;
    private final List<Header> headers;
    private final Set<String> charsets;

    /** A header field of the message itself: name as written, value unfolded and RFC 2047 decoded. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    /** Bytes Gatehouse unpacked from a container the virus scanner cannot open, named by their path. */
    public record Payload(String path, byte[] content) {
        public Payload {
            Objects.requireNonNull(path);
            Objects.requireNonNull(content);
        }
    }

    ContentInspection(List<InspectedPart> parts, List<ContentProblem> problems, Duration elapsed, long expandedBytes,
                      List<Payload> opaquePayloads, List<Header> headers, Set<String> charsets) {
        this.parts = List.copyOf(parts);
        this.problems = List.copyOf(problems);
        this.elapsed = Objects.requireNonNull(elapsed);
        this.expandedBytes = expandedBytes;
        this.opaquePayloads = List.copyOf(opaquePayloads);
        this.headers = List.copyOf(headers);
        this.charsets = Set.copyOf(new LinkedHashSet<>(charsets));
    }

    /** The message's own header fields, in order (at most 500, 16 KiB each); empty for a file. */
    public List<Header> headers() {
        return headers;
    }

    /** The decoded values of the message's header fields with this name (case-insensitive). */
    public List<String> header(String name) {
        return headers.stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The decoded Subject, when there is one. */
    public Optional<String> subject() {
        return header("Subject").stream().findFirst();
    }

    /** Charsets declared by text parts at any depth and by encoded words in the message's headers, lower case. */
    public Set<String> charsets() {
        return charsets;
    }

    /** The text of the message's own body: text and HTML parts at depth 0 without a file name. */
    public String bodyText() {
        return parts.stream().filter(ContentInspection::isBody).map(InspectedPart::text).filter(text -> !text.isBlank())
                .collect(Collectors.joining("\n\n"));
    }

    /** The text extracted from everything else: attachments, archive entries, nested messages. */
    public String attachmentText() {
        return parts.stream().filter(part -> !isBody(part)).map(InspectedPart::text).filter(text -> !text.isBlank())
                .collect(Collectors.joining("\n\n"));
    }

    private static boolean isBody(InspectedPart part) {
        return part.depth() == 0 && part.name().isEmpty() && (part.family() == TypeFamily.TEXT || part.family() == TypeFamily.HTML);
    }

    /**
     * What was unpacked from containers ClamAV does not open (lz4, snappy, .Z, lzma, ar), for the antivirus to scan
     * as extra payloads; what clamd unpacks itself is not repeated here.
     */
    public List<Payload> opaquePayloads() {
        return opaquePayloads;
    }

    /** Every part and unpacked entry, depth first: a container comes before what it holds. */
    public List<InspectedPart> parts() {
        return parts;
    }

    /** Problems of the inspection as a whole: it stopped at a bound, or the message could not be parsed. */
    public List<ContentProblem> problems() {
        return problems;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** Bytes written out of archives and compressed streams, every layer counted. */
    public long expandedBytes() {
        return expandedBytes;
    }

    /** Whether anything was left unlooked at: the tenant's "unscannable" action applies. */
    public boolean isUnscannable() {
        return !unscannableReasons().isEmpty();
    }

    /** Why the message is unscannable, one line per problem: {@code a.zip/b.zip: nested deeper than 5 levels}. */
    public List<String> unscannableReasons() {
        Set<String> reasons = new LinkedHashSet<>();
        problems.stream().filter(problem -> problem.kind().unscannable()).forEach(problem -> reasons.add(problem.reason()));
        for (InspectedPart part : parts) {
            part.problems().stream().filter(problem -> problem.kind().unscannable())
                    .forEach(problem -> reasons.add(part.path() + ": " + problem.reason()));
        }
        return List.copyOf(reasons);
    }

    public List<InspectedPart> encryptedParts() {
        return parts.stream().filter(InspectedPart::encrypted).toList();
    }

    public List<InspectedPart> typeMismatches() {
        return parts.stream().filter(part -> part.typeMismatch().isPresent()).toList();
    }

    /** The families present at any depth. */
    public Set<TypeFamily> families() {
        Set<TypeFamily> families = EnumSet.noneOf(TypeFamily.class);
        parts.forEach(part -> families.add(part.family()));
        return families;
    }

    /** The extracted text of every part, in order, one part per paragraph. */
    public String text() {
        return parts.stream().map(InspectedPart::text).filter(text -> !text.isBlank()).collect(Collectors.joining("\n\n"));
    }

    /**
     * The findings for the verdict, without action or score (the tenant's content policy attaches those):
     * {@code CONTENT_UNSCANNABLE} per reason, {@code CONTENT_ENCRYPTED} and {@code CONTENT_TYPE_MISMATCH} per part.
     */
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (String reason : unscannableReasons()) {
            findings.add(Finding.of("CONTENT_UNSCANNABLE", CHECK, "unscannable", reason));
        }
        for (InspectedPart part : encryptedParts()) {
            findings.add(Finding.of("CONTENT_ENCRYPTED", CHECK, "encrypted",
                    part.path() + " is encrypted (" + part.trueType() + ")"));
        }
        for (InspectedPart part : typeMismatches()) {
            findings.add(Finding.of("CONTENT_TYPE_MISMATCH", CHECK, "mismatch",
                    part.path() + ": " + part.typeMismatch().orElseThrow().reason()));
        }
        return List.copyOf(findings);
    }
}
