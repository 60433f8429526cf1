package org.gatehouse.antivirus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ClamAV clamd for tests (JUnit 5 extension, or {@link #start()}/{@link #stop()} by hand, also mid-test):
 * Debian's clamd on a free 127.0.0.1 port and a unix socket in a temporary directory, with a local signature
 * database that detects EICAR (the official signatures are never downloaded), stopped by its PID. {@link #stop()}
 * keeps the port, socket path and database, so {@link #start()} brings the same clamd back. Fails when clamd is
 * missing: {@code ./gatehouse test} installs it.
 */
public final class LoopbackClamd implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Path CLAMD = Paths.get("/usr/sbin/clamd");
    private static final long READY_SECONDS = 60;
    /** The name our database gives EICAR; clamd appends {@code .UNOFFICIAL} to local signatures. */
    public static final String EICAR_SIGNATURE = "Gatehouse.Test.Eicar.UNOFFICIAL";

    private final String streamMaxLength;
    private Path directory;
    private int port;
    private Process process;

    /** StreamMaxLength 25M, clamd's own default. */
    public LoopbackClamd() {
        this("25M");
    }

    /** @param streamMaxLength clamd's {@code StreamMaxLength}, e.g. {@code 1M} */
    public LoopbackClamd(String streamMaxLength) {
        this.streamMaxLength = streamMaxLength;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    public void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CLAMD)) {
            throw new IllegalStateException("clamd is not installed (" + CLAMD + "): run ./gatehouse test or "
                + "scripts/test-services.sh install, which install it (apt-get install clamav clamav-daemon)");
        }
        if (process != null) {
            return;
        }
        if (directory == null) {
            directory = Files.createTempDirectory("gatehouse-clamd");
            port = freePort();
            writeConfiguration();
        }
        process = new ProcessBuilder(CLAMD.toString(), "--config-file=" + directory.resolve("clamd.conf"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("clamd.out").toFile()))
            .start();
        awaitReady();
    }

    private void writeConfiguration() throws IOException {
        Path database = Files.createDirectories(directory.resolve("db"));
        // an .ndb body signature: any file containing the marker; the hex keeps the marker itself out of the file
        String marker = HexFormat.of().formatHex(VirusSamples.EICAR_MARKER.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(database.resolve("gatehouse-test.ndb"), "Gatehouse.Test.Eicar:0:*:" + marker + "\n");
        Files.createDirectories(directory.resolve("tmp"));
        Files.write(directory.resolve("clamd.conf"), List.of(
            "Foreground yes",
            "DatabaseDirectory " + database,
            "TemporaryDirectory " + directory.resolve("tmp"),
            "LogFile " + directory.resolve("clamd.log"),
            "PidFile " + directory.resolve("clamd.pid"),
            "TCPSocket " + port,
            "TCPAddr 127.0.0.1",
            "LocalSocket " + socketPath(),
            "StreamMaxLength " + streamMaxLength,
            "MaxThreads 4",
            "ScanArchive yes",
            "ScanMail yes",
            "AlertEncrypted yes",
            "AlertOLE2Macros yes",
            // the limits Gatehouse needs (docs/antivirus.md "Completeness"): a limit hit is reported, never answered clean
            "AlertExceedsMax yes",
            "MaxRecursion 17",
            "MaxFiles 10000",
            "MaxScanSize 100M",
            "MaxFileSize 25M",
            "MaxScanTime 120000",
            "SelfCheck 0"));
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                process = null;
                throw new IllegalStateException("clamd exited (" + exit + "): " + Files.readString(directory.resolve("clamd.out")));
            }
            if (answersPing()) {
                return;
            }
            Thread.sleep(50);
        }
        stop();
        throw new IllegalStateException("clamd did not answer PING on port " + port + " within " + READY_SECONDS + " s");
    }

    /** PONG on the TCP port and on the unix socket. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            if (!new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("PONG\0")) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath()));
            channel.write(ByteBuffer.wrap("zPING\0".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(5);
            while (reply.hasRemaining() && channel.read(reply) >= 0) {
                // until the NUL-terminated PONG is in
            }
            return new String(reply.array(), StandardCharsets.US_ASCII).equals("PONG\0");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Adds a body signature (any file containing {@code marker}) to the database, as a signature update would;
     * clamd reads it at its next {@link #start()}. Found as {@code name + ".UNOFFICIAL"}.
     */
    public void addSignature(String name, String marker) throws IOException {
        String hex = HexFormat.of().formatHex(marker.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(directory.resolve("db").resolve(name + ".ndb"), name + ":0:*:" + hex + "\n");
    }

    /** Stops clamd by its PID (TERM, then KILL after 20 s); the port, socket path and database stay for {@link #start()}. */
    /** SIGKILL, as a crash or the OOM killer would: no goodbye to anyone connected. {@link #start()} brings it back. */
    public void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Stops clamd and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
            directory = null;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path socketPath() {
        return directory.resolve("clamd.sock");
    }

    /** {@code tcp://127.0.0.1:port}. */
    public String tcpAddress() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code unix:///tmp/.../clamd.sock}. */
    public String unixAddress() {
        return "unix://" + socketPath();
    }

    /** TCP settings with a generous timeout: these tests are not about timeouts. */
    public ClamdSettings tcpSettings() {
        return ClamdSettings.forAddress(tcpAddress()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** Unix socket settings with a generous timeout. */
    public ClamdSettings unixSettings() {
        return ClamdSettings.forAddress(unixAddress()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
