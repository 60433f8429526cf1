package org.gatehouse.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One header field as it arrived (unfolded) and with its RFC 2047 encoded words decoded, so checks can look at
 * either without decoding twice.
 *
 * @param name the field name as written
 * @param raw the unfolded field body, encoded words left as they are, one character per byte
 * @param decoded the field body with encoded words decoded (and raw UTF-8 read as UTF-8)
 */
public record HeaderField(String name, String raw, String decoded) {
    public HeaderField {
        Objects.requireNonNull(name);
        Objects.requireNonNull(raw);
        Objects.requireNonNull(decoded);
    }

    /** Whether the raw body has 8-bit bytes that are not UTF-8 (which RFC 6532 allows): no charset says how to read them. */
    public boolean hasUndeclared8Bit() {
        return !isAscii(raw) && asUtf8(raw).isEmpty();
    }

    /** The text the one-character-per-byte string holds when its bytes are valid UTF-8. */
    static Optional<String> asUtf8(String bytesAsChars) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytesAsChars.getBytes(StandardCharsets.ISO_8859_1))).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
