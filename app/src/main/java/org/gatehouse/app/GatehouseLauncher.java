package org.gatehouse.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

/**
 * {@code ./gatehouse run}: lays out the configuration directory under the data directory on first start (an
 * admin's edits are never overwritten), then starts the gateway and stops it cleanly on SIGTERM / Ctrl-C.
 */
public final class GatehouseLauncher {
    public static final String CONFIGURATION_RESOURCE = "gatehouse-conf";
    /** Below conf/: the STARTTLS key and certificate smtpserver.xml names. */
    public static final String TLS_DIRECTORY = "tls";
    public static final int DEFAULT_SMTP_PORT = 2525;
    /** Submission ports as a user without root can bind them; 587 and 465 in production (docs/submission.md). */
    public static final int DEFAULT_SUBMISSION_PORT = 2587;
    public static final int DEFAULT_SUBMISSIONS_PORT = 2465;
    public static final int DEFAULT_WEBADMIN_PORT = 8000;
    public static final String READY_LINE = "Gatehouse is ready";

    record Options(int smtpPort, int webadminPort, int submissionPort, int submissionsPort, Path dataDir, String hostname) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gatehouse: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        try {
            List<String> created = layOutConfiguration(options.dataDir().resolve("conf"));
            if (!created.isEmpty()) {
                System.out.println("Configuration written to " + options.dataDir().resolve("conf") + " (" + created.size() + " files)");
            }
            if (SelfSignedCertificate.writeIfAbsent(options.dataDir().resolve("conf").resolve(TLS_DIRECTORY), options.hostname())) {
                System.out.println("Self-signed STARTTLS certificate written to " + options.dataDir().resolve("conf").resolve(TLS_DIRECTORY)
                    + " (replace it with your own)");
            }
            Files.createDirectories(options.dataDir().resolve("var/log"));
        } catch (IOException | java.security.GeneralSecurityException e) {
            System.err.println("gatehouse: cannot prepare data directory " + options.dataDir() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        configureSystemProperties(options);
        start(options, System.out);
    }

    static Options parse(String[] args) {
        int smtpPort = DEFAULT_SMTP_PORT;
        int webadminPort = DEFAULT_WEBADMIN_PORT;
        int submissionPort = DEFAULT_SUBMISSION_PORT;
        int submissionsPort = DEFAULT_SUBMISSIONS_PORT;
        Path dataDir = Paths.get("var");
        Optional<String> hostname = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            String name;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg;
                if (name.equals("--help") || name.equals("-h")) {
                    System.out.println(usage());
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                value = args[++i];
            }
            switch (name) {
                case "--smtp-port" -> smtpPort = port(name, value);
                case "--webadmin-port" -> webadminPort = port(name, value);
                case "--submission-port" -> submissionPort = port(name, value);
                case "--submissions-port" -> submissionsPort = port(name, value);
                case "--data-dir" -> dataDir = Paths.get(value);
                case "--hostname" -> hostname = Optional.of(hostname(name, value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new Options(smtpPort, webadminPort, submissionPort, submissionsPort, dataDir.toAbsolutePath().normalize(),
            hostname.orElseGet(GatehouseLauncher::tlsHostname));
    }

    /** The name the gateway gives in its SMTP greeting and EHLO reply, and its self-signed certificate's. */
    private static String hostname(String name, String value) {
        if (value.length() <= 253 && value.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
            return value.toLowerCase(java.util.Locale.ROOT);
        }
        throw new IllegalArgumentException(name + " must be a host name such as mx.example.net, got '" + value + "'");
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number (0-65535), got '" + value + "'");
    }

    /** The name the generated certificate carries: this host's name, or localhost when it has none. */
    static String tlsHostname() {
        try {
            String name = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            return name.matches("[A-Za-z0-9.-]{1,253}") ? name : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }

    static String usage() {
        return "usage: gatehouse run [--smtp-port N (default " + DEFAULT_SMTP_PORT + ")] [--webadmin-port N (default "
            + DEFAULT_WEBADMIN_PORT + ")] [--submission-port N (default " + DEFAULT_SUBMISSION_PORT + ", STARTTLS then AUTH)]"
            + " [--submissions-port N (default " + DEFAULT_SUBMISSIONS_PORT + ", implicit TLS)] [--data-dir DIR (default ./var)]"
            + " [--hostname NAME (default: this host's name; the SMTP greeting's)]";
    }

    /** Copies every file of the shipped configuration that the data directory lacks; returns those written. */
    static List<String> layOutConfiguration(Path confDir) throws IOException {
        Files.createDirectories(confDir);
        List<String> created = new ArrayList<>();
        URL root = GatehouseLauncher.class.getClassLoader().getResource(CONFIGURATION_RESOURCE);
        if (root == null) {
            throw new IOException("the configuration resources (" + CONFIGURATION_RESOURCE + ") are not on the classpath");
        }
        try (ResourceDirectory directory = ResourceDirectory.open(root.toURI())) {
            try (Stream<Path> files = Files.walk(directory.path())) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String relative = directory.path().relativize(file).toString();
                    Path target = confDir.resolve(relative);
                    if (Files.notExists(target)) {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = Files.newInputStream(file)) {
                            Files.copy(in, target);
                        }
                        created.add(relative);
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return created;
    }

    /** A classpath directory, inside a jar or on disk. */
    private record ResourceDirectory(Path path, Optional<FileSystem> jar) implements AutoCloseable {
        static ResourceDirectory open(URI uri) throws IOException {
            if ("jar".equals(uri.getScheme())) {
                FileSystem fileSystem = FileSystems.newFileSystem(uri, Map.of());
                return new ResourceDirectory(fileSystem.getPath(CONFIGURATION_RESOURCE), Optional.of(fileSystem));
            }
            return new ResourceDirectory(Paths.get(uri), Optional.empty());
        }

        @Override
        public void close() throws IOException {
            if (jar.isPresent()) {
                jar.get().close();
            }
        }
    }

    static void configureSystemProperties(Options options) {
        System.setProperty("working.directory", options.dataDir().toString());
        System.setProperty("gatehouse.smtp.port", String.valueOf(options.smtpPort()));
        System.setProperty("gatehouse.webadmin.port", String.valueOf(options.webadminPort()));
        System.setProperty("gatehouse.submission.port", String.valueOf(options.submissionPort()));
        System.setProperty("gatehouse.submissions.port", String.valueOf(options.submissionsPort()));
        System.setProperty("gatehouse.hostname", options.hostname());
        System.setProperty("logback.configurationFile", options.dataDir().resolve("conf/logback.xml").toString());
        System.setProperty("derby.stream.error.file", options.dataDir().resolve("var/log/derby.log").toString());
    }

    private static void start(Options options, PrintStream out) {
        GuiceJamesServer server;
        try {
            MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
                .workingDirectory(options.dataDir().toString())
                .build();
            server = GatehouseServerMain.createServer(configuration);
            server.start();
        } catch (Exception e) {
            System.err.println("gatehouse: failed to start: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Gatehouse is stopping");
            server.stop();
        }, "gatehouse-shutdown"));
        int smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        int webadminPort = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        out.println("Gatehouse SMTP listening on 0.0.0.0:" + smtpPort);
        SubmissionProbe submission = server.getProbe(SubmissionProbe.class);
        submission.startTls().ifPresent(address -> out.println("Gatehouse submission listening on 0.0.0.0:" + address.getPort()
            + " (STARTTLS, then AUTH)"));
        submission.implicitTls().ifPresent(address -> out.println("Gatehouse submission over TLS listening on 0.0.0.0:" + address.getPort()
            + " (implicit TLS, then AUTH)"));
        out.println("Gatehouse WebAdmin listening on " + (webAdminHttps(options) ? "https" : "http") + "://127.0.0.1:" + webadminPort);
        server.getProbe(SelfServiceProbe.class).address().ifPresent(address -> {
            String host = address.getAddress().isAnyLocalAddress() ? "0.0.0.0" : address.getAddress().getHostAddress();
            out.println("Gatehouse quarantine self-service page listening on http://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + address.getPort());
        });
        out.println("Data directory: " + options.dataDir());
        Path token = options.dataDir().resolve(OperatorBootstrap.TOKEN_FILE);
        if (Files.exists(token)) {
            out.println("WebAdmin operator token (send as 'Authorization: Bearer <token>'): " + token);
        }
        out.println(READY_LINE);
        out.flush();
    }

    /** Whether conf/webadmin.properties turns HTTPS on (James's {@code https.enabled}). */
    private static boolean webAdminHttps(Options options) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(options.dataDir().resolve("conf/webadmin.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            return false;
        }
        return Boolean.parseBoolean(properties.getProperty("https.enabled", "false").trim());
    }

    private GatehouseLauncher() {
    }
}
