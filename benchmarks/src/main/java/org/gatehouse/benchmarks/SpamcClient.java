package org.gatehouse.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The part of spamc the scoring benchmark needs: one SPAMC/1.5 {@code CHECK} per connection, as spamc sends it,
 * returning spamd's {@code Spam:} line so the benchmark measures a real, complete verdict.
 */
final class SpamcClient {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress spamd;

    SpamcClient(String host, int port) {
        this.spamd = new InetSocketAddress(host, port);
    }

    /** Sends the message with CHECK and returns spamd's verdict line, e.g. {@code Spam: False ; 1.2 / 5.0}. */
    String check(byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(spamd, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("CHECK SPAMC/1.5\r\nContent-length: " + message.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return verdict(response);
        }
    }

    private static String verdict(String response) throws IOException {
        String[] lines = response.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("SPAMD/") || !lines[0].endsWith(" EX_OK")) {
            throw new IOException("spamd did not answer EX_OK: " + (lines.length == 0 ? "(nothing)" : lines[0]));
        }
        for (String line : lines) {
            if (line.startsWith("Spam: ")) {
                return line;
            }
        }
        throw new IOException("spamd answered without a Spam: line: " + response);
    }
}
