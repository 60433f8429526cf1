package org.gatehouse.smtp;

import org.apache.james.protocols.api.ProtocolSession;

/**
 * Whether a line of the message being received was longer than the SMTP server reads (RFC 5321 4.5.3.1.6 allows
 * 1000 octets; James reads 8192). The server's channel handler marks the transaction instead of answering mid-DATA,
 * and {@link MessageStructureHook} refuses the message with one reply at its end: never a message silently missing
 * a line.
 */
public final class OverlongLines {
    private static final ProtocolSession.AttachmentKey<Boolean> KEY =
        ProtocolSession.AttachmentKey.of("org.gatehouse.overlongLine", Boolean.class);

    public static void mark(ProtocolSession session) {
        session.setAttachment(KEY, Boolean.TRUE, ProtocolSession.State.Transaction);
    }

    public static boolean seen(ProtocolSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).orElse(false);
    }

    private OverlongLines() {
    }
}
