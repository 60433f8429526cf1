package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.helper.SimpleMessageListenerAdapter;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A customer's own mail server (or an outbound destination): a real SMTP server on loopback that keeps what it
 * receives. Like a server that knows its users, it refuses recipients whose local part starts with
 * {@value #UNKNOWN_USER_PREFIX} (553, permanent).
 */
public final class DownstreamSmtpServer implements AutoCloseable {

    public static final String UNKNOWN_USER_PREFIX = "unknown-";

    public record Received(String sender, String recipient, byte[] data) {
        public String content() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /**
     * A free loopback port, for a server that starts later (the gateway's self-service page, a downstream that must be
     * down when the gateway first tries it). Taken below Linux's ephemeral range (32768-60999): a port the system hands
     * out itself, to an outgoing connection or a listener on port 0, would be free now and taken by the time the server
     * binds it (a gateway once failed to start with "Address already in use" that way).
     */
    public static int reservePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static DownstreamSmtpServer start() throws IOException {
        return start(reservePort());
    }

    public static DownstreamSmtpServer start(int port) {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * A server on another loopback address, e.g. an outside destination on port 25 of the address its MX name
     * resolves to, which the gateway reaches by MX lookup (port 25 needs root).
     */
    public static DownstreamSmtpServer start(InetAddress address, int port) {
        DownstreamSmtpServer server = new DownstreamSmtpServer(address, port, Optional.empty());
        server.smtp.start();
        return server;
    }

    /** A server offering STARTTLS with the given key material (e.g. a self-signed certificate). */
    public static DownstreamSmtpServer startWithTls(SSLContext tls) throws IOException {
        DownstreamSmtpServer server = new DownstreamSmtpServer(InetAddress.getLoopbackAddress(), reservePort(), Optional.of(tls));
        server.smtp.start();
        return server;
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> recipientsAsked = new CopyOnWriteArrayList<>();
    private final SMTPServer smtp;

    private DownstreamSmtpServer(InetAddress address, int port, Optional<SSLContext> tls) {
        SimpleMessageListenerAdapter handler = new SimpleMessageListenerAdapter(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                recipientsAsked.add(recipient);
                return !recipient.startsWith(UNKNOWN_USER_PREFIX);
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) throws IOException {
                received.add(new Received(from, recipient, data.readAllBytes()));
            }
        });
        smtp = tls.<SMTPServer>map(context -> new SMTPServer(handler) {
            @Override
            public SSLSocket createSSLSocket(Socket socket) throws IOException {
                InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, remote.getHostString(), socket.getPort(), true);
                ssl.setUseClientMode(false);
                return ssl;
            }
        }).orElseGet(() -> new SMTPServer(handler));
        smtp.setEnableTLS(tls.isPresent());
        smtp.setBindAddress(address);
        smtp.setPort(port);
        smtp.setSoftwareName("downstream-test-server");
    }

    public int port() {
        return smtp.getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every RCPT TO it was asked, in order: deliveries' and recipient callouts' alike. */
    public List<String> recipientsAsked() {
        return List.copyOf(recipientsAsked);
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
