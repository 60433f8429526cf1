package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gatehouse distribution (app/target/gatehouse/lib) running as a separate OS process, exactly as
 * {@code ./gatehouse run} starts it, on random ports. {@link #kill9()} is a real SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern SMTP_LINE = Pattern.compile("Gatehouse SMTP listening on [^:]+:(\\d+)");
    private static final Pattern WEBADMIN_LINE = Pattern.compile("Gatehouse WebAdmin listening on https?://[^:]+:(\\d+)");
    private static final Pattern SUBMISSION_LINE = Pattern.compile("Gatehouse submission listening on [^:]+:(\\d+)");
    private static final Pattern SUBMISSIONS_LINE = Pattern.compile("Gatehouse submission over TLS listening on [^:]+:(\\d+)");
    private static final Pattern WEBADMIN_HTTPS = Pattern.compile("Gatehouse WebAdmin listening on https://");
    private static final Pattern TOKEN_LINE = Pattern.compile("WebAdmin operator token \\([^)]*\\): (\\S+)");
    private static final String READY_LINE = "Gatehouse is ready";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

    public static GatewayProcess start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, TEST_JVM_OPTIONS);
    }

    public static GatewayProcess start(Path dataDir, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(dataDir, jvmOptions, List.of());
    }

    /** With {@code extraClasspath} after the distribution: a test's own mailets, named in its mailetcontainer.xml. */
    public static GatewayProcess start(Path dataDir, List<String> jvmOptions, List<Path> extraClasspath)
            throws IOException, InterruptedException {
        Path distribution = Paths.get(System.getProperty("gatehouse.distribution", "../app/target/gatehouse/lib"));
        if (!Files.isDirectory(distribution)) {
            throw new IllegalStateException("No Gatehouse distribution at " + distribution.toAbsolutePath()
                + ": build it with mvn package (./gatehouse test does)");
        }
        Files.createDirectories(dataDir);
        useTestDns(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-process.log");
        long offset = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
            "-cp", distribution.toAbsolutePath() + "/*" + extraClasspath.stream()
                .map(entry -> java.io.File.pathSeparator + entry.toAbsolutePath()).collect(java.util.stream.Collectors.joining()),
            "org.gatehouse.app.GatehouseLauncher",
            "--data-dir", dataDir.toAbsolutePath().toString(),
            "--smtp-port", "0",
            "--webadmin-port", "0",
            "--submission-port", "0",
            "--submissions-port", "0"));
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        GatewayProcess gateway = new GatewayProcess(process, log, offset);
        gateway.awaitReady();
        return gateway;
    }

    /**
     * Sender checks resolve through a DNS server on loopback, never the machine's resolver: a test that sets no
     * {@code dns.servers} gets an empty one (every name NXDOMAIN at once).
     */
    private static void useTestDns(Path dataDir) throws IOException, InterruptedException {
        Path properties = dataDir.resolve("conf").resolve("gatehouse.properties");
        String content = Files.exists(properties) ? Files.readString(properties) : "";
        if (!content.contains("dns.servers=")) {
            content = content + "\ndns.servers=" + TestDns.shared().address() + "\n";
        }
        // several gateways run on one machine in the tests: the self-service page takes a free port unless a test names one
        if (!content.contains("quarantine.selfService.port=")) {
            content = content + "quarantine.selfService.port=0\n";
        }
        Files.createDirectories(properties.getParent());
        Files.writeString(properties, content);
    }

    private final Process process;
    private final Path log;
    private final long logOffset;
    private int smtpPort;
    private int submissionPort;
    private int submissionsPort;
    private int webAdminPort;

    private GatewayProcess(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String output = output();
            if (output.contains(READY_LINE)) {
                smtpPort = port(SMTP_LINE, output);
                submissionPort = port(SUBMISSION_LINE, output);
                submissionsPort = port(SUBMISSIONS_LINE, output);
                webAdminPort = port(WEBADMIN_LINE, output);
                // a second node on a database that has accounts already writes no token file: the first node's token serves
                Matcher token = TOKEN_LINE.matcher(output);
                if (token.find()) {
                    WebAdmin.register(webAdminPort, Files.readString(Path.of(token.group(1))).trim());
                }
                if (WEBADMIN_HTTPS.matcher(output).find()) {
                    WebAdmin.useHttps(webAdminPort);
                }
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Gatehouse exited with " + process.exitValue() + " before it was ready:\n" + tail(output));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Gatehouse was not ready within " + START_TIMEOUT + ":\n" + tail(output()));
    }

    private static int port(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("No port in the start-up output:\n" + output);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** This run's output (the log file may hold earlier runs on the same data directory). */
    public String output() throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset), StandardCharsets.UTF_8);
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The submission listener: STARTTLS, then AUTH (587 in production). */
    public int submissionPort() {
        return submissionPort;
    }

    /** The submission listener with implicit TLS (465 in production). */
    public int submissionsPort() {
        return submissionsPort;
    }

    public int webAdminPort() {
        return webAdminPort;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the JVM. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the clean stop. Returns the exit code when it stopped. */
    public Optional<Integer> stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return Optional.of(process.exitValue());
        }
        process.destroyForcibly();
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
