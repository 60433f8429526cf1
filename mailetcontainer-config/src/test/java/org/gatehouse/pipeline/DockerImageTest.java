package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gatehouse.pipeline.harness.DockerFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Where a container engine runs (docker or podman on the PATH, and its {@code info} answers; -Dgatehouse.test.containers=false
 * turns this off), the image itself: built from docker/Dockerfile, run with only its loopback-published ports, healthy by its own
 * HEALTHCHECK, greeting on SMTP, and stopped cleanly. The build machine has no engine: there EntrypointContractTest and
 * DockerFilesTest stand in for it.
 */
@EnabledIf("engineAvailable")
class DockerImageTest {
    static boolean engineAvailable() {
        if ("false".equals(System.getProperty("gatehouse.test.containers"))) {
            return false;
        }
        // a client without a reachable daemon (docker's CLI alone) is no engine
        return engine().filter(engine -> {
            try {
                Process info = new ProcessBuilder(engine, "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }).isPresent();
    }

    static Optional<String> engine() {
        for (String name : List.of("docker", "podman")) {
            for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!directory.isEmpty() && Files.isExecutable(Paths.get(directory, name))) {
                    return Optional.of(Paths.get(directory, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String run(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text.strip();
    }

    @Test
    void theImageShouldBuildStartHealthyAnswerSmtpAndStop() throws Exception {
        String engine = engine().orElseThrow();
        Path context = DockerFiles.directory().toAbsolutePath().getParent();
        String tag = "gatehouse-test:" + UUID.randomUUID().toString().substring(0, 8);
        String container = "gatehouse-test-" + UUID.randomUUID().toString().substring(0, 8);
        run(Duration.ofMinutes(15), engine, "build", "-f", context.resolve("docker/Dockerfile").toString(), "-t", tag, context.toString());
        try {
            List<String> command = new ArrayList<>(List.of(engine, "run", "-d", "--name", container,
                "--sysctl", "net.ipv4.ip_unprivileged_port_start=0",
                "-p", "127.0.0.1::25", "-p", "127.0.0.1::8000", tag));
            run(Duration.ofMinutes(2), command.toArray(String[]::new));
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(5)).until(() ->
                    run(Duration.ofSeconds(30), engine, "inspect", "--format", "{{.State.Health.Status}}", container), "healthy"::equals);
                String published = run(Duration.ofSeconds(30), engine, "port", container, "25/tcp");
                int smtpPort = Integer.parseInt(published.lines().findFirst().orElseThrow().replaceAll(".*:", ""));
                try (Socket socket = new Socket("127.0.0.1", smtpPort);
                     BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
                    assertThat(reader.readLine()).startsWith("220 ");
                }
                assertThat(run(Duration.ofSeconds(30), engine, "exec", container, "id", "-u")).isEqualTo("10025");
                run(Duration.ofMinutes(3), engine, "stop", "--time", "120", container);
                assertThat(run(Duration.ofSeconds(30), engine, "logs", container)).contains("Gatehouse is ready", "Gatehouse is stopping");
            } finally {
                new ProcessBuilder(engine, "rm", "-f", container).start().waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            new ProcessBuilder(engine, "rmi", "-f", tag).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
