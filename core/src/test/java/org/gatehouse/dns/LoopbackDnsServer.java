package org.gatehouse.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: Debian's unbound on a random 127.0.0.1 port, answering only the records a test
 * gives it (everything else is NXDOMAIN at once, nothing goes to the Internet). {@link #timeoutZone} makes a zone
 * drop its queries, which a resolver sees as a timeout. {@code ./gatehouse test} installs unbound.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private static final Path UNBOUND = Paths.get("/usr/sbin/unbound");

    public static Builder builder() {
        return new Builder();
    }

    /** Zone data in unbound's syntax. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private final List<String> port53Addresses = new ArrayList<>();

        /**
         * Also answers on port 53 of this loopback address (e.g. {@code 127.83.4.5}): James's DNS service, which makes
         * RemoteDelivery's MX lookups, asks port 53 only (dnsservice.xml). Binding port 53 needs root.
         */
        public Builder alsoOnPort53(String address) {
            port53Addresses.add(address);
            return this;
        }

        /** A record in zone-file syntax, e.g. {@code example.test. IN TXT "v=spf1 -all"}. */
        public Builder record(String record) {
            lines.add("local-data: '" + record.replace("'", "\\'") + "'");
            return this;
        }

        /** A PTR record for an address. */
        public Builder ptr(String address, String name) {
            lines.add("local-data-ptr: \"" + address + " " + name + "\"");
            return this;
        }

        /** Every name under this zone answers with the zone apex's own records ({@code local-zone redirect}). */
        public Builder redirectZone(String zone) {
            lines.add("local-zone: \"" + zone + "\" redirect");
            return this;
        }

        /** Queries under this zone are dropped: resolvers time out. */
        public Builder timeoutZone(String zone) {
            lines.add("local-zone: \"" + zone + "\" deny");
            return this;
        }

        public LoopbackDnsServer start(Path directory) throws IOException, InterruptedException {
            if (!Files.isExecutable(UNBOUND)) {
                throw new IllegalStateException("unbound is not installed: run ./gatehouse test, which installs it "
                    + "(or apt-get install unbound)");
            }
            Files.createDirectories(directory);
            int port = freePort();
            Path config = directory.resolve("unbound.conf");
            List<String> conf = new ArrayList<>(List.of(
                "server:",
                "  interface: 127.0.0.1@" + port,
                "  port: " + port,
                "  access-control: 127.0.0.0/8 allow",
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + directory.toAbsolutePath() + "\"",
                "  pidfile: \"" + directory.toAbsolutePath().resolve("unbound.pid") + "\"",
                "  do-daemonize: no",
                "  use-syslog: no",
                "  logfile: \"" + directory.toAbsolutePath().resolve("unbound.log") + "\"",
                "  module-config: \"iterator\"",
                "  cache-max-ttl: 0",
                "  do-ip6: no",
                "  num-threads: 1",
                "  local-zone: \".\" static"));
            port53Addresses.forEach(address -> conf.add("  interface: " + address + "@53"));
            lines.forEach(line -> conf.add("  " + line));
            conf.addAll(List.of("remote-control:", "  control-enable: no"));
            Files.write(config, conf);
            Process process = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("unbound.out").toFile())
                .start();
            LoopbackDnsServer server = new LoopbackDnsServer(process, port, directory);
            server.awaitReady();
            return server;
        }
    }

    /** A port free for both UDP and TCP: unbound binds both, and a TCP port in use makes it exit. */
    private static int freePort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (BindException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private final Process process;
    private final int port;
    private final Path directory;

    private LoopbackDnsServer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    private void awaitReady() throws InterruptedException, IOException {
        DnsLookup probe = DnsJavaLookup.create(List.of(address()), Duration.ofMillis(200));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("unbound exited: " + Files.readString(directory.resolve("unbound.out"))
                    + (Files.exists(directory.resolve("unbound.log")) ? Files.readString(directory.resolve("unbound.log")) : ""));
            }
            DnsAnswer answer = probe.query("ready.probe.invalid", RecordType.A).join();
            if (!answer.isTemporaryError()) {
                return;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("unbound did not answer on port " + port);
    }

    /** {@code 127.0.0.1:port}, as Gatehouse's {@code dns.servers} takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** SIGSTOP: the server holds every query unanswered, as a hung resolver does, until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
