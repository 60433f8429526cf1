package org.gatehouse.pipeline.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/** docker/Dockerfile and docker/compose.yaml read as data: their instructions, environment, ports and paths. */
public final class DockerFiles {
    /** Where the image puts the release (GATEHOUSE_HOME). */
    public static final String IMAGE_HOME = "/opt/gatehouse";
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S*)");
    private static final Pattern JSON_STRING = Pattern.compile("\"([^\"]*)\"");

    /** One instruction of the Dockerfile, continuation lines joined. */
    public record Instruction(String keyword, String arguments) {
    }

    public static Path directory() {
        return ReleaseInstallation.dockerDirectory();
    }

    public static List<Instruction> dockerfile() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(directory().resolve("Dockerfile"))) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            int space = text.indexOf(' ');
            instructions.add(space < 0 ? new Instruction(text.toUpperCase(), "")
                : new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    public static List<String> arguments(String keyword) throws IOException {
        return dockerfile().stream().filter(instruction -> instruction.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The Dockerfile's ENV, in order. */
    public static Map<String, String> dockerfileEnvironment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String arguments : arguments("ENV")) {
            Matcher pair = ENV_PAIR.matcher(arguments);
            while (pair.find()) {
                environment.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return environment;
    }

    /** The strings of an exec-form (JSON array) instruction such as {@code HEALTHCHECK ... CMD ["a", "b"]}. */
    public static List<String> execForm(String arguments) {
        int open = arguments.indexOf('[');
        List<String> values = new ArrayList<>();
        Matcher string = JSON_STRING.matcher(arguments.substring(Math.max(open, 0)));
        while (string.find()) {
            values.add(string.group(1));
        }
        return values;
    }

    /** The HEALTHCHECK command, with the image's release directory replaced by an unpacked release's. */
    public static String[] healthcheckCommand(Path home) throws IOException {
        String healthcheck = arguments("HEALTHCHECK").stream().findFirst().orElseThrow(() -> new IllegalStateException("no HEALTHCHECK"));
        return execForm(healthcheck).stream()
            .map(part -> part.startsWith(IMAGE_HOME + "/") ? home.resolve(part.substring(IMAGE_HOME.length() + 1)).toString() : part)
            .toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> compose() throws IOException {
        try (var reader = Files.newBufferedReader(directory().resolve("compose.yaml"))) {
            return (Map<String, Object>) new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> composeService(String name) throws IOException {
        return Optional.ofNullable((Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name))
            .orElseThrow(() -> new IllegalStateException("compose.yaml has no service " + name));
    }

    private DockerFiles() {
    }
}
