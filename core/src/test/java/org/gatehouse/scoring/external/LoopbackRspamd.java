package org.gatehouse.scoring.external;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real rspamd for tests (JUnit 5 extension, or {@link #start()}/{@link #stop()} by hand): Debian's rspamd with its
 * shipped rules, one normal worker on a free 127.0.0.1 port, no Redis (the modules needing it switch themselves off),
 * its DNS pointed at a closed loopback port so nothing leaves the machine, and a six-entry public-suffix list so it
 * starts in about a second instead of compiling the full list. Stopped by its PID with its children. Fails when
 * rspamd is missing: {@code ./gatehouse test} installs it.
 */
public final class LoopbackRspamd implements BeforeAllCallback, AfterAllCallback {
    private static final Path RSPAMD = Paths.get("/usr/bin/rspamd");
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
        if (!Files.isExecutable(RSPAMD)) {
            throw new IllegalStateException("rspamd is not installed (" + RSPAMD + "): run ./gatehouse test or "
                + "scripts/test-services.sh install, which install it (apt-get install rspamd)");
        }
        home = Files.createTempDirectory("gatehouse-rspamd");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String directory : List.of("local", "db", "run", "log")) {
            // rspamd started by root runs as _rspamd and writes its caches, pid and log here
            Files.setPosixFilePermissions(Files.createDirectory(home.resolve(directory)), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.writeString(home.resolve("tld.dat"), "com\norg\nnet\ntest\nexample\ninvalid\n");
        port = freePort();
        Files.writeString(home.resolve("rspamd.conf"), """
            .include "$CONFDIR/common.conf"
            options {
                pidfile = "$RUNDIR/rspamd.pid";
                filters = "chartable,dkim,regexp,fuzzy_check";
                cache_file = "$DBDIR/symbols.cache";
                hs_cache_dir = "$DBDIR/";
                url_tld = "%s";
                explicit_modules = ["settings", "bayes_expiry"];
                dns {
                    nameserver = ["127.0.0.1:9"];
                    timeout = 0.05s;
                    retransmits = 1;
                }
            }
            logging {
                type = "file";
                filename = "$LOGDIR/rspamd.log";
                level = "info";
            }
            worker "normal" {
                bind_socket = "127.0.0.1:%d";
                mime = true;
                count = 1;
            }
            """.formatted(home.resolve("tld.dat"), port));
        List<String> command = new ArrayList<>(List.of(RSPAMD.toString(), "-f", "-c", home.resolve("rspamd.conf").toString(),
            "--var=LOCAL_CONFDIR=" + home.resolve("local"), "--var=DBDIR=" + home.resolve("db"), "--var=RUNDIR=" + home.resolve("run"),
            "--var=LOGDIR=" + home.resolve("log")));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "_rspamd", "-g", "_rspamd"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("rspamd.out").toFile()).start();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(home.resolve("rspamd.out"));
                stop();
                throw new IllegalStateException("rspamd exited: " + log);
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.ofString()).body().trim().equals("pong")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        stop();
        throw new IllegalStateException("rspamd did not answer /ping on port " + port + " within " + READY_SECONDS + " s");
    }

    /** Stops rspamd by its PID (TERM, then KILL after 20 s) and waits for its workers too. */
    public void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle rspamd = process.toHandle();
        List<ProcessHandle> children = rspamd.descendants().toList();
        rspamd.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            rspamd.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                LoopbackSpamd.awaitExit(child);
            }
        }
        process = null;
        LoopbackSpamd.deleteRecursively(home);
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:port}, the normal worker. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Settings for this rspamd, with a generous timeout: these tests are not about timeouts. */
    public RspamdSettings settings() {
        return RspamdSettings.forUrl(url()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
