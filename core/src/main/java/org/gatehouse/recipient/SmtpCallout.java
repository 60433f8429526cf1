package org.gatehouse.recipient;

import java.io.IOException;
import java.time.Duration;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * An SMTP RCPT probe (Apache Commons Net): EHLO (HELO if refused), {@code MAIL FROM:<>}, {@code RCPT TO:<address>},
 * QUIT, nothing sent. 2xx at RCPT is a recipient, 5xx is none; anything else (a 4xx, a refused greeting or sender,
 * a connection that fails or stays silent past the timeout) is {@link RecipientCheck.Outcome#UNAVAILABLE}.
 */
public class SmtpCallout {
    private final String heloName;

    public SmtpCallout(String heloName) {
        this.heloName = heloName;
    }

    public RecipientCheck probe(String host, int port, String address, Duration timeout) {
        SMTPClient client = new SMTPClient();
        int millis = (int) Math.max(1, timeout.toMillis());
        client.setConnectTimeout(millis);
        client.setDefaultTimeout(millis);
        String server = host + ":" + port;
        try {
            client.connect(host, port);
            client.setSoTimeout(millis);
            if (!SMTPReply.isPositiveCompletion(client.getReplyCode())) {
                return RecipientCheck.unavailable("callout to " + server + ": greeting " + reply(client));
            }
            if (!SMTPReply.isPositiveCompletion(client.sendCommand("EHLO", heloName)) && !client.login(heloName)) {
                return RecipientCheck.unavailable("callout to " + server + ": EHLO/HELO " + reply(client));
            }
            if (!SMTPReply.isPositiveCompletion(client.sendCommand("MAIL", "FROM:<>"))) {
                return RecipientCheck.unavailable("callout to " + server + ": MAIL FROM:<> " + reply(client));
            }
            int code = client.sendCommand("RCPT", "TO:<" + address + ">");
            String answer = reply(client);
            quietly(client);
            if (SMTPReply.isPositiveCompletion(code)) {
                return RecipientCheck.known("callout to " + server + ": " + answer);
            }
            if (SMTPReply.isNegativePermanent(code)) {
                return RecipientCheck.unknown("callout to " + server + ": " + answer);
            }
            return RecipientCheck.unavailable("callout to " + server + ": " + answer);
        } catch (IOException e) {
            return RecipientCheck.unavailable("callout to " + server + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            if (client.isConnected()) {
                try {
                    client.disconnect();
                } catch (IOException e) {
                    // already failed or done
                }
            }
        }
    }

    private static void quietly(SMTPClient client) {
        try {
            client.sendCommand("QUIT");
        } catch (IOException e) {
            // the answer is known already
        }
    }

    private static String reply(SMTPClient client) {
        String text = client.getReplyString();
        return text == null ? String.valueOf(client.getReplyCode()) : text.trim().replaceAll("[\\r\\n]+", " ");
    }
}
