package org.gatehouse.scoring.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SpamAssassin spamd for tests (JUnit 5 extension, or {@link #start()}/{@link #stop()} by hand): Debian's
 * spamd with its shipped rules on a free 127.0.0.1 port, {@code --local} (no network tests), a temporary helper home,
 * stopped by its PID with its children. Fails when spamd is missing: {@code ./gatehouse test} installs it.
 */
public final class LoopbackSpamd implements BeforeAllCallback, AfterAllCallback {
    private static final Path SPAMD = Paths.get("/usr/sbin/spamd");
    private static final long READY_SECONDS = 90;

    private Path home;
    private Process process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(SPAMD)) {
            throw new IllegalStateException("spamd is not installed (" + SPAMD + "): run ./gatehouse test or "
                + "scripts/test-services.sh install, which install it (apt-get install spamassassin spamd)");
        }
        home = Files.createTempDirectory("gatehouse-spamd");
        // spamd's children run as debian-spamd when started by root and must read their helper home
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = freePort();
        List<String> command = new ArrayList<>(List.of(SPAMD.toString(), "--listen=127.0.0.1:" + port, "--allowed-ips=127.0.0.1",
            "--local", "--max-children=2", "--nouser-config", "--syslog=stderr", "--pidfile=" + home.resolve("spamd.pid"),
            "--helper-home-dir=" + home));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--username=debian-spamd");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("spamd.log").toFile()).start();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(home.resolve("spamd.log"));
                stop();
                throw new IllegalStateException("spamd exited (" + process.exitValue() + "): " + log);
            }
            if (answersPing()) {
                return;
            }
            Thread.sleep(100);
        }
        stop();
        throw new IllegalStateException("spamd did not answer PING on port " + port + " within " + READY_SECONDS + " s");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).contains(" 0 PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops spamd by its PID (TERM, then KILL after 20 s) and waits for its children too. */
    public void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle spamd = process.toHandle();
        List<ProcessHandle> children = spamd.descendants().toList();
        spamd.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            spamd.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                awaitExit(child);
            }
        }
        process = null;
        deleteRecursively(home);
    }

    static void awaitExit(ProcessHandle handle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** Settings for this spamd, with a generous timeout: these tests are not about timeouts. */
    public SpamdSettings settings() {
        return SpamdSettings.forAddress("127.0.0.1:" + port).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
