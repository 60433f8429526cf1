package org.gatehouse.recipient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real LDAP server for tests: Debian's OpenLDAP {@code slapd} on a random 127.0.0.1 port, with one suffix whose
 * entries a test gives as LDIF (loaded with {@code slapadd}) and an administrator {@link #BIND_DN} /
 * {@link #BIND_PASSWORD}. It can be stopped and started again on the same port with the same data, as a directory
 * that goes down and comes back. {@code ./gatehouse test} installs slapd.
 */
public final class LoopbackLdapServer implements AutoCloseable {
    public static final String BIND_PASSWORD = "directory-secret";
    private static final Path SLAPD = Paths.get("/usr/sbin/slapd");
    private static final Path SLAPADD = Paths.get("/usr/sbin/slapadd");

    private final Path directory;
    private final String suffix;
    private final int port;
    private final int tlsPort;
    private Process process;

    private LoopbackLdapServer(Path directory, String suffix, int port, int tlsPort) {
        this.directory = directory;
        this.suffix = suffix;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Starts slapd with {@code suffix} (say {@code dc=acme,dc=example}) holding the entries of {@code ldif}. */
    public static LoopbackLdapServer start(Path directory, String suffix, String ldif) throws IOException, InterruptedException {
        return start(directory, suffix, ldif, false);
    }

    /**
     * As {@link #start(Path, String, String)}, also offering TLS: StartTLS on {@link #url()} and {@link #ldapsUrl()}, with
     * a self-signed certificate for 127.0.0.1 made by {@code openssl} ({@link #certificatePem()}).
     */
    public static LoopbackLdapServer startWithTls(Path directory, String suffix, String ldif) throws IOException, InterruptedException {
        return start(directory, suffix, ldif, true);
    }

    private static LoopbackLdapServer start(Path directory, String suffix, String ldif, boolean tls) throws IOException, InterruptedException {
        if (!Files.isExecutable(SLAPD) || !Files.isExecutable(SLAPADD)) {
            throw new IllegalStateException("slapd is not installed: run ./gatehouse test, which installs it (or apt-get install slapd)");
        }
        Files.createDirectories(directory.resolve("db"));
        List<String> tlsLines = List.of();
        if (tls) {
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory.resolve("key.pem").toString(), "-out",
                directory.resolve("cert.pem").toString()).redirectErrorStream(true).redirectOutput(directory.resolve("openssl.out").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(directory.resolve("openssl.out")));
            }
            tlsLines = List.of("TLSCertificateFile " + directory.toAbsolutePath().resolve("cert.pem"),
                "TLSCertificateKeyFile " + directory.toAbsolutePath().resolve("key.pem"));
        }
        Path config = directory.resolve("slapd.conf");
        List<String> lines = new java.util.ArrayList<>(List.of(
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "pidfile " + directory.toAbsolutePath().resolve("slapd.pid"),
            "database mdb",
            "maxsize 10485760",
            "suffix \"" + suffix + "\"",
            "rootdn \"" + bindDn(suffix) + "\"",
            "rootpw " + BIND_PASSWORD,
            "directory " + directory.toAbsolutePath().resolve("db")));
        // global directives (TLS) go before the database section
        lines.addAll(4, tlsLines);
        Files.write(config, lines);
        Path data = directory.resolve("data.ldif");
        Files.writeString(data, ldif);
        Process load = new ProcessBuilder(SLAPADD.toString(), "-f", config.toString(), "-l", data.toString())
            .redirectErrorStream(true).redirectOutput(directory.resolve("slapadd.out").toFile()).start();
        if (!load.waitFor(60, TimeUnit.SECONDS) || load.exitValue() != 0) {
            throw new IllegalStateException("slapadd failed: " + Files.readString(directory.resolve("slapadd.out")));
        }
        LoopbackLdapServer server = new LoopbackLdapServer(directory, suffix, freePort(), tls ? freePort() : 0);
        server.start();
        return server;
    }

    private static String bindDn(String suffix) {
        return "cn=admin," + suffix;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts it (again), on the same port with the same data. */
    public void start() throws IOException, InterruptedException {
        String listeners = url() + "/" + (tlsPort > 0 ? " " + ldapsUrl() + "/" : "");
        process = new ProcessBuilder(SLAPD.toString(), "-f", directory.resolve("slapd.conf").toString(), "-h", listeners, "-d", "0")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("slapd.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(directory.resolve("slapd.out")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("slapd did not listen on port " + port);
    }

    /** Stops it: the port refuses connections until {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    /** The server's self-signed certificate, PEM, when started with TLS. */
    public String certificatePem() throws IOException {
        return Files.readString(directory.resolve("cert.pem"));
    }

    public String bindDn() {
        return bindDn(suffix);
    }

    public String suffix() {
        return suffix;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
