package org.gatehouse.scoring.external;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process spamd for unit tests: a loopback {@link ServerSocket} that reads SPAMC requests and answers a fixed
 * reply, or misbehaves (answers nothing, or never reads) to exercise the client's error paths.
 */
final class FakeSpamd implements AutoCloseable {
    /** One SPAMC request as received: its request line, headers (lower-case names) and the message. */
    record Request(String line, Map<String, String> headers, byte[] message) {
    }

    private enum Mode { REPLY, SILENT, NOT_READING }

    static FakeSpamd replying(String reply) throws IOException {
        return new FakeSpamd(Mode.REPLY, reply);
    }

    /** Reads the request and never answers. */
    static FakeSpamd silent() throws IOException {
        return new FakeSpamd(Mode.SILENT, "");
    }

    /** Accepts connections and never reads from them, so a large message cannot be sent. */
    static FakeSpamd notReading() throws IOException {
        return new FakeSpamd(Mode.NOT_READING, "");
    }

    private final ServerSocket server;
    private final Mode mode;
    private final String reply;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private FakeSpamd(Mode mode, String reply) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.mode = mode;
        this.reply = reply;
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    SpamdSettings settings() {
        return SpamdSettings.forAddress("127.0.0.1:" + port());
    }

    List<Request> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try {
            if (mode == Mode.NOT_READING) {
                return;
            }
            InputStream in = new BufferedInputStream(connection.getInputStream());
            String line = readLine(in);
            Map<String, String> headers = new TreeMap<>();
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            requests.add(new Request(line, headers, in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")))));
            if (mode == Mode.REPLY) {
                connection.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; the test sees what it received
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
