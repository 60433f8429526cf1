package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.util.List;

import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/** A real SMTP conversation with the gateway (Apache Commons Net), keeping every reply code for assertions. */
public final class SmtpClient implements AutoCloseable {

    public record Reply(int code, String text) {
        public boolean positive() {
            return SMTPReply.isPositiveCompletion(code);
        }
    }

    /** The current time as an RFC 5322 Date header value: test messages are dated when they are sent, as real mail is. */
    public static String dateNow() {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    }

    public static SmtpClient connect(int port, String helo) throws IOException {
        return connect(port, helo, (InetAddress) null);
    }

    /** From another loopback address ({@code 127.0.0.2}...): another client IP, as far as the gateway can tell. */
    public static SmtpClient connect(int port, String helo, String localAddress) throws IOException {
        return connect(port, helo, InetAddress.getByName(localAddress));
    }

    /**
     * Connects from {@code localAddress} (a loopback address such as 127.0.0.2; every 127/8 address is local on
     * Linux), so that the gateway sees that client address: a tenant's relay client, or an outside sender.
     */
    public static SmtpClient connect(int port, String helo, InetAddress localAddress) throws IOException {
        AuthenticatingSMTPClient client = open(port, localAddress);
        client.ehlo(helo);
        return new SmtpClient(client);
    }

    /**
     * Connects from {@code localAddress} (another loopback address is another client: 127.0.0.2 can be a tenant's relay
     * client while 127.0.0.1 is not) and writes DATA in ISO-8859-1, so that characters U+0080 to U+00FF go out as the
     * single raw bytes 0x80 to 0xFF: 8-bit junk that is not UTF-8, as broken senders write it.
     */
    public static SmtpClient connectFrom(String localAddress, int port, String helo) throws IOException {
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", "ISO-8859-1");
        client.setDefaultTimeout(30_000);
        client.connect(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(localAddress), 0);
        client.setSoTimeout(30_000);
        client.ehlo(helo);
        return new SmtpClient(client);
    }

    /** Connects, says EHLO, starts TLS (any server certificate accepted, as opportunistic senders do) and says EHLO again. */
    public static SmtpClient connectWithStartTls(int port, String helo) throws IOException {
        return connectWithStartTls(port, helo, (InetAddress) null);
    }

    /** {@link #connectWithStartTls(int, String)} from {@code localAddress}, as {@link #connect(int, String, InetAddress)}. */
    public static SmtpClient connectWithStartTls(int port, String helo, InetAddress localAddress) throws IOException {
        AuthenticatingSMTPClient client = open(port, localAddress);
        client.ehlo(helo);
        if (!client.execTLS()) {
            throw new IOException("STARTTLS refused: " + client.getReplyString());
        }
        client.ehlo(helo);
        return new SmtpClient(client);
    }

    /** Connects over implicit TLS (submission on 465, RFC 8314; any server certificate accepted) and says EHLO. */
    public static SmtpClient connectImplicitTls(int port, String helo, String localAddress) throws IOException {
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", true, "UTF-8");
        client.setTrustManager(org.apache.commons.net.util.TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(30_000);
        client.connect(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
        client.setSoTimeout(30_000);
        client.ehlo(helo);
        return new SmtpClient(client);
    }

    /** Connected and greeted, not yet EHLO; from {@code localAddress} when given, else wherever the system chooses. */
    private static AuthenticatingSMTPClient open(int port, InetAddress localAddress) throws IOException {
        AuthenticatingSMTPClient client = new AuthenticatingSMTPClient("TLS", "UTF-8");
        client.setTrustManager(org.apache.commons.net.util.TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(30_000);
        if (localAddress == null) {
            client.connect("127.0.0.1", port);
        } else {
            client.connect(InetAddress.getByName("127.0.0.1"), port, localAddress, 0);
        }
        client.setSoTimeout(30_000);
        return client;
    }

    private final AuthenticatingSMTPClient client;

    private SmtpClient(AuthenticatingSMTPClient client) {
        this.client = client;
    }

    /** AUTH PLAIN; the reply (235 when accepted). */
    public Reply authPlain(String login, String password) throws IOException {
        try {
            client.auth(org.apache.commons.net.smtp.AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, login, password);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return reply();
    }

    /** AUTH LOGIN; the reply. */
    public Reply authLogin(String login, String password) throws IOException {
        try {
            client.auth(org.apache.commons.net.smtp.AuthenticatingSMTPClient.AUTH_METHOD.LOGIN, login, password);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        return reply();
    }

    /** The EHLO reply's lines, as the server announced its extensions. */
    public String ehloReply(String helo) throws IOException {
        client.ehlo(helo);
        return client.getReplyString();
    }

    /** STARTTLS (any certificate accepted) and EHLO again. */
    public Reply startTls(String helo) throws IOException {
        if (!client.execTLS()) {
            return reply();
        }
        client.ehlo(helo);
        return reply();
    }

    public Reply mailFrom(String sender) throws IOException {
        client.mail("<" + sender + ">");
        return reply();
    }

    /** MAIL FROM with the message size declared (RFC 1870 {@code SIZE=}). */
    public Reply mailFrom(String sender, long declaredSize) throws IOException {
        client.mail("<" + sender + "> SIZE=" + declaredSize);
        return reply();
    }

    public Reply rcptTo(String recipient) throws IOException {
        client.rcpt("<" + recipient + ">");
        return reply();
    }

    public Reply data(String message) throws IOException {
        Writer writer = client.sendMessageData();
        if (writer == null) {
            return reply();
        }
        writer.write(message);
        writer.close();
        client.completePendingCommand();
        return reply();
    }

    public Reply reset() throws IOException {
        client.reset();
        return reply();
    }

    /** A whole transaction; every step must succeed. */
    public Reply send(String sender, List<String> recipients, String message) throws IOException {
        Reply reply = mailFrom(sender);
        if (!reply.positive()) {
            return reply;
        }
        for (String recipient : recipients) {
            reply = rcptTo(recipient);
            if (!reply.positive()) {
                return reply;
            }
        }
        return data(message);
    }

    private Reply reply() {
        return new Reply(client.getReplyCode(), client.getReplyString().trim());
    }

    @Override
    public void close() throws IOException {
        if (client.isConnected()) {
            try {
                client.logout();
            } finally {
                client.disconnect();
            }
        }
    }
}
