package org.gatehouse.message;

import java.util.Objects;

/**
 * A text/html body part: its source, the text a reader sees, and the text hidden from the reader by styling
 * ({@code display:none}, {@code visibility:hidden}, {@code font-size:0}, or a {@code color} equal to the
 * {@code background-color} in the same inline style).
 *
 * @param html the decoded HTML source
 * @param charset the charset used to decode it
 * @param visibleText the text outside hidden elements, whitespace-normalised
 * @param hiddenText the text inside hidden elements, whitespace-normalised
 */
public record HtmlPart(String html, String charset, String visibleText, String hiddenText) {
    public HtmlPart {
        Objects.requireNonNull(html);
        Objects.requireNonNull(charset);
        Objects.requireNonNull(visibleText);
        Objects.requireNonNull(hiddenText);
    }
}
