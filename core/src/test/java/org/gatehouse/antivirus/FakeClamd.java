package org.gatehouse.antivirus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process clamd for unit tests: a loopback {@link ServerSocket} that reads clamd's {@code z} commands (and an
 * INSTREAM's chunks) and answers {@code zPING}/{@code zVERSION} as clamd does and INSTREAM with a fixed reply — or
 * misbehaves (never answers, never reads, closes without a word, answers before reading everything) to exercise the
 * client's error paths.
 */
final class FakeClamd implements AutoCloseable {
    /** One INSTREAM as received: the chunk lengths in order (the last one 0 when the stream was ended) and the content. */
    record Stream(List<Integer> chunks, byte[] content) {
    }

    private enum Mode { REPLY, SILENT, NOT_READING, CLOSE, REPLY_AFTER, REPLY_TO_ANY }

    /** Reads the whole stream, then answers {@code reply} with its terminating NUL. */
    static FakeClamd replying(String reply) throws IOException {
        return new FakeClamd(Mode.REPLY, reply + '\0', 0);
    }

    /** Answers exactly these bytes, without a terminating NUL. */
    static FakeClamd replyingRaw(String reply) throws IOException {
        return new FakeClamd(Mode.REPLY, reply, 0);
    }

    /** Answers every command, PING and VERSION too, with {@code reply} and its NUL. */
    static FakeClamd replyingToAnyCommand(String reply) throws IOException {
        return new FakeClamd(Mode.REPLY_TO_ANY, reply + '\0', 0);
    }

    /** Reads the command and the stream, and never answers. */
    static FakeClamd silent() throws IOException {
        return new FakeClamd(Mode.SILENT, "", 0);
    }

    /** Accepts connections and never reads from them. */
    static FakeClamd notReading() throws IOException {
        return new FakeClamd(Mode.NOT_READING, "", 0);
    }

    /** Reads the whole stream and closes the connection without answering. */
    static FakeClamd closing() throws IOException {
        return new FakeClamd(Mode.CLOSE, "", 0);
    }

    /** Answers after {@code bytes} bytes of content and closes, as clamd does over its StreamMaxLength; a smaller stream is OK. */
    static FakeClamd replyingAfter(int bytes, String reply) throws IOException {
        return new FakeClamd(Mode.REPLY_AFTER, reply + '\0', bytes);
    }

    private final ServerSocket server;
    private final Mode mode;
    private final String reply;
    private final int replyAfter;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private FakeClamd(Mode mode, String reply, int replyAfter) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.mode = mode;
        this.reply = reply;
        this.replyAfter = replyAfter;
        threads.execute(this::accept);
    }

    String address() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    ClamdSettings settings() {
        return ClamdSettings.forAddress(address());
    }

    /** The commands received, without their NUL, e.g. {@code zINSTREAM}. */
    List<String> commands() {
        return commands;
    }

    List<Stream> streams() {
        return streams;
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
            DataInputStream in = new DataInputStream(connection.getInputStream());
            String command = readCommand(in);
            commands.add(command);
            OutputStream out = connection.getOutputStream();
            if (mode == Mode.REPLY_TO_ANY) {
                answer(out, reply, connection);
                return;
            }
            switch (command) {
                case "zPING" -> answer(out, "PONG\0", connection);
                case "zVERSION" -> answer(out, "ClamAV 1.4.6/27480/Mon Dec  1 09:30:00 2025\0", connection);
                case "zINSTREAM" -> instream(in, out, connection);
                default -> answer(out, "UNKNOWN COMMAND\0", connection);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; the test sees what it received
        }
    }

    private void instream(DataInputStream in, OutputStream out, Socket connection) throws IOException {
        List<Integer> chunks = new ArrayList<>();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            int length = in.readInt();
            chunks.add(length);
            if (length == 0) {
                break;
            }
            content.write(in.readNBytes(length));
            if (mode == Mode.REPLY_AFTER && content.size() >= replyAfter) {
                answer(out, reply, connection);
                return;
            }
        }
        streams.add(new Stream(List.copyOf(chunks), content.toByteArray()));
        switch (mode) {
            case REPLY -> answer(out, reply, connection);
            case REPLY_AFTER -> answer(out, "stream: OK\0", connection);
            case CLOSE -> connection.close();
            default -> {
                // SILENT: keep the connection open and say nothing
            }
        }
    }

    private static void answer(OutputStream out, String text, Socket connection) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        connection.close();
    }

    private static String readCommand(InputStream in) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        for (int b = in.read(); b > 0; b = in.read()) {
            command.write(b);
        }
        return command.toString(StandardCharsets.US_ASCII);
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
