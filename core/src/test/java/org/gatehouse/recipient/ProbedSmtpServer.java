package org.gatehouse.recipient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process SMTP server for callout unit tests: it knows the addresses whose local part starts with {@code known}
 * (250 at RCPT) and no other (550), answers each RCPT after {@code delay}, records every RCPT it is asked, and in
 * {@code silent} mode accepts connections and never says a word.
 */
final class ProbedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Duration delay;
    private final boolean silent;
    final List<String> probed = new CopyOnWriteArrayList<>();

    private ProbedSmtpServer(Duration delay, boolean silent) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.delay = delay;
        this.silent = silent;
        Thread acceptor = new Thread(this::accept, "probed-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ProbedSmtpServer answering(Duration delay) throws IOException {
        return new ProbedSmtpServer(delay, false);
    }

    static ProbedSmtpServer silent() throws IOException {
        return new ProbedSmtpServer(Duration.ZERO, true);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "probed-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            if (silent) {
                in.read();
                return;
            }
            out.write("220 probed ESMTP\r\n");
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO") || command.startsWith("MAIL")) {
                    out.write("250 ok\r\n");
                } else if (command.startsWith("RCPT")) {
                    String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    probed.add(address);
                    Thread.sleep(delay.toMillis());
                    out.write(address.startsWith("known") ? "250 2.1.5 ok\r\n" : "550 5.1.1 <" + address + ">: no such user\r\n");
                } else if (command.startsWith("QUIT")) {
                    out.write("221 bye\r\n");
                    out.flush();
                    return;
                } else {
                    out.write("502 5.5.2 not here\r\n");
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
