package org.gatehouse.james;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stock James 3.8.1 memory server in its own JVM: {@code lib/} of the stock-james module (James's own artifacts and
 * versions, nothing of Gatehouse), a working directory with {@code conf/} from this module's test resources (James's
 * sample configuration with Gatehouse's documented snippets), and only the extension jar in {@code extensions-jars/}.
 */
final class StockJamesProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String READY_LINE = "JAMES server started";
    private static final List<String> CONF_FILES = List.of("dnsservice.xml", "domainlist.xml", "extensions.properties",
        "gatehouse.properties", "healthcheck.properties", "imapserver.xml", "jmap.properties", "jmx.properties", "jvm.properties",
        "lmtpserver.xml", "logback.xml", "mailetcontainer.xml", "mailrepositorystore.xml", "managesieveserver.xml",
        "pop3server.xml", "smtpserver.xml", "usersrepository.xml", "webadmin.properties");

    static Path stockLib() {
        return Paths.get(System.getProperty("gatehouse.stockJames.lib", "../stock-james/target/james/lib"));
    }

    static Path extensionJar() {
        return Paths.get(System.getProperty("gatehouse.extension.jar", "target/gatehouse-james-extension-0.1.0-SNAPSHOT.jar"));
    }

    static StockJamesProcess start(Path workingDirectory, Map<String, String> placeholders) throws IOException, InterruptedException {
        if (!Files.isDirectory(stockLib()) || !Files.isRegularFile(extensionJar())) {
            throw new IllegalStateException("Build first (mvn verify builds both): " + stockLib().toAbsolutePath() + ", "
                + extensionJar().toAbsolutePath());
        }
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        for (String name : CONF_FILES) {
            String text = resource("stock-james-conf/" + name);
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                text = text.replace("@" + placeholder.getKey() + "@", placeholder.getValue());
            }
            Files.writeString(conf.resolve(name), text);
        }
        Path extensions = Files.createDirectories(workingDirectory.resolve("extensions-jars"));
        Files.copy(extensionJar(), extensions.resolve(extensionJar().getFileName()));
        Path log = workingDirectory.resolve("james.log");
        Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-XX:+UseSerialGC",
            "-Dworking.directory=" + workingDirectory.toAbsolutePath(),
            "-Dextra.props=" + conf.resolve("jvm.properties").toAbsolutePath(),
            "-Dlogback.configurationFile=" + conf.resolve("logback.xml").toAbsolutePath(),
            "-cp", stockLib().toAbsolutePath() + "/*",
            "org.apache.james.MemoryJamesServerMain")
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        StockJamesProcess james = new StockJamesProcess(process, log);
        james.awaitReady();
        return james;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StockJamesProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private final Process process;
    private final Path log;

    private StockJamesProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("James exited with " + process.exitValue() + " before it started:\n" + tail());
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("James did not start within " + START_TIMEOUT + ":\n" + tail());
    }

    String output() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    String tail() throws IOException {
        String output = output();
        return output.substring(Math.max(0, output.length() - 20_000));
    }

    /** Stops James, keeping its log as target/stock-james.log for whoever reads a failed build. */
    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Files.copy(log, extensionJar().toAbsolutePath().resolveSibling("stock-james.log"), StandardCopyOption.REPLACE_EXISTING);
    }
}
