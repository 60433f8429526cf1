package org.gatehouse.pipeline;

import java.util.Locale;

/** Where in a message's life a check decides. */
public enum Stage {
    /** When the client connects (connection limits). */
    CONNECT,
    /** At HELO/EHLO. */
    HELO,
    /** At MAIL FROM (relay clients, per-IP and outbound rate limits). */
    MAIL,
    /** At each RCPT TO (relaying, sender lists and DNSBLs, TLS required, declared size, inbound rate limits). */
    RCPT,
    /** At the end of DATA, before the 250 (structure, antivirus, content, sender authentication, spam score). */
    DATA,
    /** After the queue, per tenant part (DLP, disclaimers, delivery). */
    QUEUE;

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stage parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
