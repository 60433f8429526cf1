package org.gatehouse.sender;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * What the SMTP session and the message say about the sender.
 *
 * @param clientIp the SMTP client's address
 * @param helo the HELO/EHLO name
 * @param mailFrom the envelope sender, {@code ""} for the null sender
 * @param fromAddress the RFC5322.From address, when the message has one (DMARC's identifier)
 */
public record SenderContext(InetAddress clientIp, String helo, String mailFrom, Optional<String> fromAddress) {

    public Optional<String> mailFromDomain() {
        return domainOf(mailFrom);
    }

    public Optional<String> fromDomain() {
        return fromAddress.flatMap(SenderContext::domainOf);
    }

    static Optional<String> domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
