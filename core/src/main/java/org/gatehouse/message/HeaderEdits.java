package org.gatehouse.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Header changes a check makes to a message, in order: remove a field, add one, set one (remove, then add), prefix the
 * subject once. {@link #applyTo(byte[])} makes them on the raw bytes: new fields go on top, the fields left alone and
 * the whole body are copied byte for byte, and nothing below the header section is parsed. So a message whose MIME
 * cannot be re-serialized (a multipart without its start boundary, a Content-Type with an empty parameter) still gets
 * its headers. The mailet side tries JavaMail first and falls back to this.
 */
public final class HeaderEdits {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** One change. */
    public sealed interface Edit permits Remove, Add, Set, PrefixSubject {
    }

    /** Removes every field of that name. */
    public record Remove(String name) implements Edit {
        public Remove {
            requireFieldName(name);
        }
    }

    /** Adds a field; in the raw form, the fields an edit list adds go on top, in the order they were added. */
    public record Add(String name, String value) implements Edit {
        public Add {
            requireFieldName(name);
            Objects.requireNonNull(value);
        }
    }

    /** Replaces every field of that name by one. */
    public record Set(String name, String value) implements Edit {
        public Set {
            requireFieldName(name);
            Objects.requireNonNull(value);
        }
    }

    /** Puts {@code prefix} and a space before the subject, unless the decoded subject already starts with it. */
    public record PrefixSubject(String prefix) implements Edit {
        public PrefixSubject {
            Objects.requireNonNull(prefix);
        }
    }

    private final List<Edit> edits;

    private HeaderEdits(List<Edit> edits) {
        this.edits = List.copyOf(edits);
    }

    public static HeaderEdits none() {
        return new HeaderEdits(List.of());
    }

    public HeaderEdits remove(String name) {
        return with(new Remove(name));
    }

    public HeaderEdits add(String name, String value) {
        return with(new Add(name, value));
    }

    public HeaderEdits set(String name, String value) {
        return with(new Set(name, value));
    }

    public HeaderEdits prefixSubject(String prefix) {
        return with(new PrefixSubject(prefix));
    }

    /** These changes, then {@code more}'s. */
    public HeaderEdits then(HeaderEdits more) {
        List<Edit> all = new ArrayList<>(edits);
        all.addAll(more.edits);
        return new HeaderEdits(all);
    }

    private HeaderEdits with(Edit edit) {
        List<Edit> more = new ArrayList<>(edits);
        more.add(edit);
        return new HeaderEdits(more);
    }

    public List<Edit> edits() {
        return edits;
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    /**
     * The message with the edits made to its header section. Bytes after the header section (the blank line and the
     * body) are copied unchanged; a message without a blank line is all header section.
     */
    public byte[] applyTo(byte[] message) {
        int end = headerSectionEnd(message);
        List<byte[]> fields = fields(message, end);
        List<byte[]> added = new ArrayList<>();
        for (Edit edit : edits) {
            if (edit instanceof Remove remove) {
                fields.removeIf(field -> isNamed(field, remove.name()));
                added.removeIf(field -> isNamed(field, remove.name()));
            } else if (edit instanceof Add add) {
                added.add(field(add.name(), add.value()));
            } else if (edit instanceof Set set) {
                fields.removeIf(field -> isNamed(field, set.name()));
                added.removeIf(field -> isNamed(field, set.name()));
                added.add(field(set.name(), set.value()));
            } else if (edit instanceof PrefixSubject prefix) {
                prefixSubject(fields, added, prefix.prefix());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 256 * added.size());
        added.forEach(out::writeBytes);
        fields.forEach(out::writeBytes);
        out.write(message, end, message.length - end);
        return out.toByteArray();
    }

    /** The subject field is rewritten where it stands (in the fields or among the added ones); one is added when none. */
    private static void prefixSubject(List<byte[]> fields, List<byte[]> added, String prefix) {
        for (List<byte[]> list : List.of(added, fields)) {
            for (int i = 0; i < list.size(); i++) {
                if (isNamed(list.get(i), "Subject")) {
                    String raw = bodyOf(list.get(i));
                    String unfolded = raw.replaceAll("\r?\n(?=[ \t])", "").trim();
                    if (DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT).startsWith(prefix)) {
                        return;
                    }
                    String encodedPrefix = encoded(prefix, "Subject: ".length());
                    // the old body keeps its bytes and folding; only the prefix is new
                    list.set(i, concat(("Subject: " + encodedPrefix + " ").getBytes(StandardCharsets.US_ASCII),
                        raw.replaceFirst("^[ \t]+", "").getBytes(StandardCharsets.ISO_8859_1)));
                    return;
                }
            }
        }
        added.add(field("Subject", prefix));
    }

    /** Where the header section ends: just after the line break that precedes the first empty line, or the end. */
    static int headerSectionEnd(byte[] message) {
        int lineStart = 0;
        while (lineStart < message.length) {
            if (message[lineStart] == LF) {
                return lineStart;
            }
            if (message[lineStart] == CR && lineStart + 1 < message.length && message[lineStart + 1] == LF) {
                return lineStart;
            }
            int next = nextLine(message, lineStart, message.length);
            if (next == lineStart) {
                break;
            }
            lineStart = next;
        }
        return message.length;
    }

    private static int nextLine(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == LF) {
                return i + 1;
            }
        }
        return end;
    }

    /** The header section cut into fields, each with its continuation lines and line breaks, as written. */
    private static List<byte[]> fields(byte[] message, int end) {
        List<byte[]> fields = new ArrayList<>();
        int fieldStart = 0;
        int lineStart = 0;
        while (lineStart < end) {
            int next = nextLine(message, lineStart, end);
            boolean continuation = message[lineStart] == ' ' || message[lineStart] == '\t';
            if (!continuation && lineStart > fieldStart) {
                fields.add(java.util.Arrays.copyOfRange(message, fieldStart, lineStart));
                fieldStart = lineStart;
            }
            lineStart = next;
        }
        if (end > fieldStart) {
            byte[] last = java.util.Arrays.copyOfRange(message, fieldStart, end);
            // the last field before the body must end with a line break, or the blank line would join it
            fields.add(last[last.length - 1] == LF ? last : concat(last, new byte[] {CR, LF}));
        }
        return fields;
    }

    private static boolean isNamed(byte[] field, String name) {
        return nameOf(field).filter(found -> found.equalsIgnoreCase(name)).isPresent();
    }

    private static Optional<String> nameOf(byte[] field) {
        for (int i = 0; i < field.length; i++) {
            if (field[i] == ':') {
                return Optional.of(new String(field, 0, i, StandardCharsets.ISO_8859_1).trim());
            }
            if (field[i] == LF) {
                break;
            }
        }
        return Optional.empty();
    }

    /** What follows the colon, one character per byte, line breaks included. */
    private static String bodyOf(byte[] field) {
        String text = new String(field, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf(':') + 1);
    }

    /**
     * A new field, CRLF-terminated: stray line breaks and NULs out, non-ASCII text as RFC 2047 encoded words. A value the
     * caller folded already (a line break, then white space) keeps its folding; any other is folded at 76 characters.
     */
    private static byte[] field(String name, String value) {
        String[] segments = value.split("\r?\n(?=[ \t])", -1);
        String line;
        if (segments.length > 1) {
            List<String> encoded = new ArrayList<>();
            for (String segment : segments) {
                encoded.add(encoded.isEmpty() ? encoded(segment, name.length() + 2) : encoded(segment, 0));
            }
            line = name + ": " + String.join("\r\n", encoded);
        } else {
            line = MimeUtil.fold(name + ": " + encoded(value, name.length() + 2), 0);
        }
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** ASCII stays as it is (rule lists longer than a line must stay readable); other text becomes encoded words. */
    private static String encoded(String text, int usedCharacters) {
        String clean = clean(text);
        return clean.chars().allMatch(c -> c < 127)
            ? clean
            : EncoderUtil.encodeEncodedWord(clean, EncoderUtil.Usage.TEXT_TOKEN, usedCharacters);
    }

    /** Line breaks (a header injection), other control characters but tab, and DEL become spaces. */
    private static String clean(String value) {
        return value.replaceAll("[\\x00-\\x08\\x0a-\\x1f\\x7f]", " ");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static void requireFieldName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("Not a header field name: " + name);
        }
    }

    @Override
    public String toString() {
        return "HeaderEdits" + edits;
    }
}
