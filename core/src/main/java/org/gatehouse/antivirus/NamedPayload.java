package org.gatehouse.antivirus;

import java.util.Objects;

/**
 * Bytes to scan besides the raw message, with a name for reasons and logs: a part Gatehouse unpacked that clamd
 * cannot see inside (decrypted with a known password, say). The bytes are not copied: the caller must not change
 * them while a scan runs.
 *
 * @param name what the bytes are, e.g. {@code report.zip/invoice.doc}; characters other than letters, digits,
 *     {@code . _ - /} and space become {@code _}, at most 120 characters are kept
 * @param content the bytes clamd receives
 */
public record NamedPayload(String name, byte[] content) {
    static final String MESSAGE = "message";
    private static final int MAX_NAME = 120;

    public NamedPayload {
        Objects.requireNonNull(content);
        name = sanitize(Objects.requireNonNull(name));
    }

    static NamedPayload message(byte[] raw) {
        return new NamedPayload(MESSAGE, raw);
    }

    private static String sanitize(String name) {
        String kept = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        String safe = kept.replaceAll("[^A-Za-z0-9._/ -]", "_").strip();
        return safe.isEmpty() ? "part" : safe;
    }

    @Override
    public String toString() {
        return name + " (" + content.length + " bytes)";
    }
}
