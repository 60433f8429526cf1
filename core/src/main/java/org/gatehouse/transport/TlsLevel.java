package org.gatehouse.transport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What outbound delivery to a destination demands of TLS. A level that cannot be met keeps the mail queued for retry
 * and finally bounces it with the reason; delivery never falls back to a weaker level.
 */
public enum TlsLevel {
    /** Plaintext SMTP, no STARTTLS (for a destination whose TLS is known broken). */
    NONE,
    /** STARTTLS when offered, any certificate accepted (RFC 7435); plaintext when not offered. The default. */
    OPPORTUNISTIC,
    /** STARTTLS mandatory; the certificate is not verified. */
    REQUIRED,
    /** STARTTLS mandatory with a certificate trusted by the JVM's CAs and matching the destination host. */
    REQUIRED_VERIFIED;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TlsLevel> parse(String value) {
        return Arrays.stream(values()).filter(level -> level.asString().equals(value)).findFirst();
    }
}
