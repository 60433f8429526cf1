package org.gatehouse.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * What the message view read out of a body this node has seen: its text and HTML parts, links, attachments and the
 * problems met in the body. Bulk mail (a newsletter, a notice to every customer) brings the same body in message after
 * message, each with headers of its own: the view of each is made from a parse of its own headers and the body read
 * once. The key is the body's bytes and every {@code Content-*} and {@code MIME-Version} field of the header section
 * (all that the reading of the body depends on), SHA-256; only a header section of well-formed fields ended by an empty
 * line gets a key, so that where the parser starts the body is where the key does. Bounded in size and time.
 */
final class BodyMemo {
    /** Bodies larger than this are read every time (their HTML tree would crowd the memo out). */
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final long MAX_WEIGHT = 32L * 1024 * 1024;
    private static final byte[] CONTENT = "content-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIME_VERSION = "mime-version:".getBytes(StandardCharsets.US_ASCII);
    private static final Cache<String, Body> BODIES = CacheBuilder.newBuilder()
        .maximumWeight(MAX_WEIGHT)
        .weigher((String key, Body body) -> body.weight())
        .expireAfterAccess(Duration.ofMinutes(15))
        .build();

    /** What the view read out of a body; immutable (an HTML part's tree is read only). */
    record Body(List<TextPart> textParts, List<HtmlPart> htmlParts, List<String> links, int imageCount,
                List<Attachment> attachments, List<HtmlAttachment> htmlAttachments, List<LeafPart> leafParts,
                List<String> problems, BodyDerivations derivations, int weight) {
        Body {
            textParts = List.copyOf(textParts);
            htmlParts = List.copyOf(htmlParts);
            links = List.copyOf(links);
            attachments = List.copyOf(attachments);
            htmlAttachments = List.copyOf(htmlAttachments);
            leafParts = List.copyOf(leafParts);
            problems = List.copyOf(problems);
        }
    }

    private BodyMemo() {
    }

    static Optional<Body> get(String key) {
        return Optional.ofNullable(BODIES.getIfPresent(key));
    }

    static void put(String key, Body body) {
        BODIES.put(key, body);
    }

    /** Forgets every body (tests). */
    static void clear() {
        BODIES.invalidateAll();
    }

    /**
     * The key of the message's body, or empty when the body is too large or the header section is not a run of
     * well-formed fields (a name of printable characters, a colon; folded lines) ended by an empty line.
     */
    static Optional<String> key(byte[] raw) {
        int bodyStart = MessageMemo.bodyStart(raw);
        if (bodyStart >= raw.length && !endsWithEmptyLine(raw)) {
            return Optional.empty();
        }
        if (raw.length - bodyStart > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        boolean describing = false;
        int lineStart = 0;
        int headerEnd = bodyStart;
        boolean first = true;
        while (lineStart < headerEnd) {
            int lineEnd = lineStart;
            while (lineEnd < headerEnd && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                // the empty line that ends the section: the parser's too only when it is the first
                if (first || lineEnd + 1 != bodyStart) {
                    return Optional.empty();
                }
                break;
            }
            for (int index = lineStart; index < contentEnd; index++) {
                if (raw[index] == '\r') {
                    return Optional.empty();
                }
            }
            boolean continuation = raw[lineStart] == ' ' || raw[lineStart] == '\t';
            if (continuation) {
                if (first || blank(raw, lineStart, contentEnd)) {
                    return Optional.empty();
                }
            } else {
                if (!wellFormedField(raw, lineStart, contentEnd)) {
                    return Optional.empty();
                }
                describing = MessageMemo.startsWithIgnoringCase(raw, lineStart, contentEnd, CONTENT)
                    || MessageMemo.startsWithIgnoringCase(raw, lineStart, contentEnd, MIME_VERSION);
            }
            if (describing) {
                digest.update(raw, lineStart, contentEnd - lineStart);
                digest.update((byte) '\n');
            }
            first = false;
            lineStart = lineEnd + 1;
        }
        digest.update((byte) 0);
        digest.update(raw, bodyStart, raw.length - bodyStart);
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    private static boolean endsWithEmptyLine(byte[] raw) {
        int length = raw.length;
        return length >= 2 && raw[length - 1] == '\n' && (raw[length - 2] == '\n'
            || length >= 3 && raw[length - 2] == '\r' && raw[length - 3] == '\n');
    }

    private static boolean blank(byte[] raw, int from, int to) {
        for (int index = from; index < to; index++) {
            if (raw[index] != ' ' && raw[index] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A field name of printable ASCII characters, then a colon. */
    private static boolean wellFormedField(byte[] raw, int from, int to) {
        for (int index = from; index < to; index++) {
            byte b = raw[index];
            if (b == ':') {
                return index > from;
            }
            if (b < 33 || b > 126) {
                return false;
            }
        }
        return false;
    }
}
