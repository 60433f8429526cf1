package org.gatehouse.disclaimer;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.base.MoreObjects;

/**
 * One disclaimer ready to insert: its plain text (for text/plain bodies and the separate part of signed messages),
 * its sanitised HTML (for text/html bodies) and its position. When only one of text and HTML is given, the other is
 * derived from it.
 */
public final class Disclaimer {
    public static final int MAX_TEXT_LENGTH = 5000;
    public static final int MAX_HTML_LENGTH = 20000;

    /**
     * @param path where the values come from, for errors: {@code disclaimer}, {@code disclaimer.senderDomains.x.example}
     * @throws InvalidFieldException when neither is given, or one does not pass {@link #checkedText} / {@link #sanitizedHtml}
     */
    public static Disclaimer of(Optional<String> text, Optional<String> html, DisclaimerPosition position, String path) {
        Optional<String> checkedText = text.map(value -> checkedText(value, path + ".text"));
        Optional<String> checkedHtml = html.map(value -> sanitizedHtml(value, path + ".html"));
        if (checkedText.isEmpty() && checkedHtml.isEmpty()) {
            throw new InvalidFieldException(path + ".text", "a disclaimer needs a text, an html, or both");
        }
        return new Disclaimer(checkedText.orElseGet(() -> DisclaimerMarkup.toText(checkedHtml.get())),
            checkedHtml.orElseGet(() -> DisclaimerMarkup.fromText(checkedText.get())), Objects.requireNonNull(position));
    }

    /**
     * The plain text as stored: CR LF becomes LF, the blanks ending each line and the whitespace around the text are
     * removed.
     *
     * @throws InvalidFieldException when blank, longer than {@link #MAX_TEXT_LENGTH}, or holding a control character
     *     other than a line break (so a text can never reach a header or break a line of the message)
     */
    public static String checkedText(String value, String path) {
        String text = value == null ? "" : value.replace("\r\n", "\n");
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidFieldException(path, "must be a non-blank string of at most " + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            // a lone surrogate cannot be encoded in any charset; U+2028/9 are line breaks to some readers
            if ((Character.isISOControl(c) && c != '\n') || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.SURROGATE) {
                throw new InvalidFieldException(path, String.format("must not contain control characters other than line"
                    + " breaks (U+%04X at offset %d)", c, i));
            }
        }
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }

    /**
     * The HTML as stored: cleaned to basic formatting and links (jsoup {@code Safelist.basic()}); scripts, styles,
     * event handlers, images and forms are dropped.
     *
     * @throws InvalidFieldException when longer than {@link #MAX_HTML_LENGTH}, holding control characters other than
     *     tab and line breaks, or when nothing readable is left after cleaning
     */
    public static String sanitizedHtml(String value, String path) {
        if (value == null || value.length() > MAX_HTML_LENGTH) {
            throw new InvalidFieldException(path, "must be a string of at most " + MAX_HTML_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidFieldException(path, "must not contain control characters other than tab and line breaks");
        }
        String sanitized = DisclaimerMarkup.sanitize(value);
        if (DisclaimerMarkup.toText(sanitized).isBlank()) {
            throw new InvalidFieldException(path, "has no readable text once cleaned (allowed: basic formatting and links)");
        }
        return sanitized;
    }

    private final String text;
    private final String html;
    private final DisclaimerPosition position;

    private Disclaimer(String text, String html, DisclaimerPosition position) {
        this.text = text;
        this.html = html;
        this.position = position;
    }

    /** The plain text, lines separated by LF. */
    public String text() {
        return text;
    }

    /** The sanitised HTML fragment. */
    public String html() {
        return html;
    }

    public DisclaimerPosition position() {
        return position;
    }

    /** The same texts at another position. */
    public Disclaimer at(DisclaimerPosition other) {
        return new Disclaimer(text, html, other);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Disclaimer other && text.equals(other.text) && html.equals(other.html) && position == other.position;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(text, html, position);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("position", position).add("text", text).toString();
    }
}
