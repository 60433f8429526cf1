package org.gatehouse.content;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.tika.mime.MediaType;

/**
 * The message body parts that are plainly what they declare, typed and read without Tika: a text/plain part that is
 * printable ASCII or UTF-8 prose, and a text/html part that is printable and opens with an HTML document start. Tika's
 * magic database (about 1,500 patterns) and its text parsers cost more than the rest of the content inspection of an
 * ordinary message; for these parts Tika can only answer text/plain and text/html too
 * ({@code PlainBodyPartsTest} compares both on the corpora). Anything else (a file name, control bytes, a markup tag
 * in declared plain text, a first line that looks like a header, an mbox or uuencode start, a part over 64 KB) goes to
 * Tika as before, so a lying type is still caught.
 */
final class PlainBodyParts {
    /** Larger text parts go to Tika, which reads only their head anyway. */
    static final int MAX_BYTES = 64 * 1024;
    private static final char BYTE_ORDER_MARK = (char) 0xFEFF;
    private static final Pattern TAG = Pattern.compile("<(?!https?://|mailto:)[A-Za-z!?/]");
    private static final Pattern HEADER_LIKE = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*:");
    private static final Pattern HTML_START = Pattern.compile("^(<!doctype\\s+html[\\s>]|<html[\\s>])", Pattern.CASE_INSENSITIVE);

    private PlainBodyParts() {
    }

    /**
     * The part's type when it is a plain body part (see the class comment); empty when Tika has to say.
     *
     * @param content the whole part, decoded from its transfer encoding
     */
    static Optional<MediaType> type(byte[] content, Optional<String> name, Optional<String> declaredType) {
        if (name.isPresent() || declaredType.isEmpty() || content.length == 0 || content.length > MAX_BYTES) {
            return Optional.empty();
        }
        String declared = declaredType.get().trim().toLowerCase(Locale.ROOT);
        boolean plain = declared.startsWith("text/plain");
        boolean html = declared.startsWith("text/html");
        if (!(plain || html) || !printable(content)) {
            return Optional.empty();
        }
        Optional<String> decoded = utf8(content);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String text = decoded.get();
        String start = text.stripLeading();
        if (start.isEmpty()) {
            return Optional.empty();
        }
        if (plain) {
            char first = start.charAt(0);
            boolean prose = Character.isLetterOrDigit(first) && !HEADER_LIKE.matcher(start).find()
                && !start.startsWith("From ") && !start.startsWith("begin ") && !TAG.matcher(text).find();
            return prose ? Optional.of(MediaType.TEXT_PLAIN) : Optional.empty();
        }
        boolean document = HTML_START.matcher(start).find() && !text.toLowerCase(Locale.ROOT).contains("xhtml");
        return document ? Optional.of(MediaType.TEXT_HTML) : Optional.empty();
    }

    /**
     * The text of a plain text/plain part ({@link #type} said so: ASCII or valid UTF-8), decoded as UTF-8 whatever its
     * declared charset (a part labelled ISO-8859-1 whose bytes are valid UTF-8 is UTF-8, as Tika's detection says too),
     * without a byte-order mark, at most {@code allowance} characters.
     */
    static TextExtractor.Extracted text(byte[] content, int allowance) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        boolean truncated = text.length() > allowance;
        return new TextExtractor.Extracted(truncated ? text.substring(0, Math.max(0, allowance)) : text, truncated, false,
            Optional.empty(), false);
    }

    /** No control bytes but tab, line feed, form feed and carriage return; no DEL. */
    private static boolean printable(byte[] content) {
        for (byte b : content) {
            int value = b & 0xFF;
            if ((value < 0x20 && value != '\t' && value != '\n' && value != '\r' && value != '\f') || value == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The content as text when it is ASCII or valid UTF-8. */
    private static Optional<String> utf8(byte[] content) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
