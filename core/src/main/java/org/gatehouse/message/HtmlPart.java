package org.gatehouse.message;

import java.util.List;
import java.util.Objects;

import org.jsoup.nodes.Document;

/**
 * A text/html body part: its source, the text a reader sees, the text hidden from the reader by styling
 * ({@code display:none}, {@code visibility:hidden}, {@code font-size:0}, or a {@code color} equal to the
 * {@code background-color} in the same inline style), and the styling facts checks judge (font sizes, comments
 * inside words).
 *
 * @param html the decoded HTML source
 * @param charset the charset used to decode it
 * @param visibleText the text outside hidden elements, whitespace-normalised
 * @param hiddenText the text inside hidden elements, whitespace-normalised
 * @param fontSizes the font sizes the HTML declares, as written: {@code <font size>} values and CSS
 *        {@code font-size} values of inline styles and style sheets (at most {@value #MAX_FONT_SIZES})
 * @param commentsInsideWords how many HTML comments sit between two letters, splitting a word for filters while
 *        the reader sees it whole
 * @param document the source as jsoup parsed it (hidden elements included), so that later checks (URL extraction)
 *        need not parse it again; shared, so <strong>read only</strong>
 */
public record HtmlPart(String html, String charset, String visibleText, String hiddenText, List<String> fontSizes,
                       int commentsInsideWords, Document document) {
    /** Font sizes beyond this many are not collected. */
    public static final int MAX_FONT_SIZES = 100;

    public HtmlPart {
        Objects.requireNonNull(html);
        Objects.requireNonNull(charset);
        Objects.requireNonNull(visibleText);
        Objects.requireNonNull(hiddenText);
        fontSizes = List.copyOf(fontSizes);
        Objects.requireNonNull(document);
    }
}
