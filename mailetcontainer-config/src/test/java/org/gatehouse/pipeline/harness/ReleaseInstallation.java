package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release tarball ({@code mvn package} in app/) unpacked into a directory, and its scripts run as a user would run
 * them: with a PATH that holds Java and the basic shell tools only (no Maven, no source tree).
 */
public final class ReleaseInstallation {
    /** What bin/gatehouse and docker/entrypoint.sh may use besides Java. */
    private static final List<String> SHELL_TOOLS = List.of("bash", "env", "sed", "grep", "tr", "cat", "mkdir", "rm", "dirname",
        "tail", "head", "sleep", "nohup", "timeout", "ls", "id", "pwd", "readlink");

    public record Result(int exitCode, String output) {
    }

    public static Path tarball() {
        Path tarball = Paths.get(System.getProperty("gatehouse.release.tarball", "../app/target/gatehouse-0.1.0-SNAPSHOT.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("No release tarball at " + tarball.toAbsolutePath() + ": build it with mvn package");
        }
        return tarball;
    }

    public static Path dockerDirectory() {
        return Paths.get(System.getProperty("gatehouse.docker.directory", "../docker"));
    }

    /** Unpacks the tarball below {@code directory}; returns the installation directory (gatehouse-&lt;version&gt;). */
    public static ReleaseInstallation unpack(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball().toAbsolutePath().toString(), "-C", directory.toString())
            .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar failed: " + output);
        }
        try (var entries = Files.list(directory)) {
            Path home = entries.filter(path -> path.getFileName().toString().startsWith("gatehouse-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the tarball has no gatehouse-<version>/ directory"));
            return new ReleaseInstallation(home, toolDirectory(directory.resolve("path-bin")));
        }
    }

    /** A directory of links to Java and the shell tools: the whole PATH the scripts get. */
    private static Path toolDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Files.createSymbolicLink(directory.resolve("java"), java);
        for (String tool : SHELL_TOOLS) {
            for (String location : List.of("/usr/bin/", "/bin/")) {
                Path candidate = Paths.get(location + tool);
                if (Files.isExecutable(candidate)) {
                    Files.createSymbolicLink(directory.resolve(tool), candidate.toRealPath());
                    break;
                }
            }
        }
        return directory;
    }

    private final Path home;
    private final Path path;

    private ReleaseInstallation(Path home, Path path) {
        this.home = home;
        this.path = path;
    }

    public Path home() {
        return home;
    }

    /** The PATH the scripts run with. */
    public String path() {
        return path.toAbsolutePath().toString();
    }

    /** The environment a user's shell would give: PATH with Java and the tools only, no JAVA_HOME, no Maven. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", path());
        environment.put("HOME", home.toAbsolutePath().toString());
        environment.put("LANG", "C.UTF-8");
        return environment;
    }

    /** Runs a command to its end (at most {@code timeoutSeconds}), with exactly the given environment. */
    public Result run(Map<String, String> environment, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("gatehouse-script", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s:\n"
                + Files.readString(output));
        }
        String text = Files.readString(output);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }

    /** Starts a long-running command (the entrypoint), its output appended to {@code log}. */
    public Process launch(Map<String, String> environment, Path log, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The port a start-up line names, e.g. {@code Gatehouse SMTP listening on 0.0.0.0:(\d+)}. */
    public static Optional<Integer> port(String output, String linePattern) {
        Matcher matcher = Pattern.compile(linePattern).matcher(output);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** Registers the operator token the gateway wrote, for {@link WebAdmin#request()}. */
    public static void useOperatorToken(int webAdminPort, Path tokenFile) throws IOException {
        WebAdmin.register(webAdminPort, Files.readString(tokenFile).trim());
    }

    /** The lines of a file that start with {@code prefix}. */
    public static List<String> linesStartingWith(Path file, String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return lines;
    }
}
