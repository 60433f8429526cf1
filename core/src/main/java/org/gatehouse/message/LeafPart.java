package org.gatehouse.message;

import java.util.Objects;
import java.util.Optional;

/**
 * How one leaf body part was declared and encoded, whatever it holds, so checks on the MIME structure itself
 * (a charset that does not match the bytes, text base64-encoded for no reason) need not walk the tree again.
 *
 * @param mimeType the declared MIME type, lower case ({@code text/plain} when none is declared)
 * @param declaredCharset the {@code charset} parameter exactly as declared (trimmed), if any
 * @param transferEncoding the Content-Transfer-Encoding, lower case ({@code 7bit} when none is declared)
 * @param attachment whether the part is read as an attachment rather than as the message text
 * @param size the transfer-decoded size in bytes
 * @param highBitBytes how many transfer-decoded bytes are 0x80 or above (8-bit bytes)
 */
public record LeafPart(String mimeType, Optional<String> declaredCharset, String transferEncoding, boolean attachment,
                       int size, int highBitBytes) {
    public LeafPart {
        Objects.requireNonNull(mimeType);
        Objects.requireNonNull(declaredCharset);
        Objects.requireNonNull(transferEncoding);
    }

    /** A text/plain or text/html part read as the message text. */
    public boolean isBodyText() {
        return !attachment && (mimeType.equals("text/plain") || mimeType.equals("text/html"));
    }
}
