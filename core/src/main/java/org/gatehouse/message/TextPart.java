package org.gatehouse.message;

import java.util.Objects;

/**
 * A text/plain body part decoded to a string, with the charset it was decoded with.
 *
 * @param text the decoded text
 * @param charset the charset used (the declared one when Java knows it, otherwise the fallback)
 */
public record TextPart(String text, String charset) {
    public TextPart {
        Objects.requireNonNull(text);
        Objects.requireNonNull(charset);
    }
}
