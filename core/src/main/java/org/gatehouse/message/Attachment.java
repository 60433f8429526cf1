package org.gatehouse.message;

import java.util.Objects;
import java.util.Optional;

/**
 * A body part that is not read as the message text: what the sender called it, what it claims to be, how big it
 * is once transfer-decoded.
 *
 * @param filename the declared file name (Content-Disposition filename or Content-Type name), if any
 * @param contentType the declared MIME type, lower case
 * @param size the transfer-decoded size in bytes
 */
public record Attachment(Optional<String> filename, String contentType, long size) {
    public Attachment {
        Objects.requireNonNull(filename);
        Objects.requireNonNull(contentType);
    }
}
