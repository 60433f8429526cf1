package org.gatehouse.message;

import java.util.Objects;
import java.util.Optional;

/**
 * An attached HTML file (text/html, or a {@code .htm}/{@code .html} file name) decoded to text, kept because phishing
 * kits ship their login form as an attachment that opens in the browser, where no link checker sees it.
 *
 * @param filename the declared file name, if any
 * @param html the decoded HTML source, at most {@value #MAX_CHARS} characters
 */
public record HtmlAttachment(Optional<String> filename, String html) {
    /** HTML beyond this many characters is not kept (a login page is a few kilobytes). */
    public static final int MAX_CHARS = 1_000_000;

    public HtmlAttachment {
        Objects.requireNonNull(filename);
        Objects.requireNonNull(html);
    }
}
