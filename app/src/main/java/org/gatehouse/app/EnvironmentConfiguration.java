package org.gatehouse.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container's configuration: maps the usual {@code GATEHOUSE_*} environment variables onto the configuration
 * directory at start (docker/entrypoint.sh, docker/README.md). A configuration directory the entrypoint laid out itself
 * (it was missing or empty, and carries the {@link #MARKER}) gets the variables at every start; one the administrator
 * mounted is never written to, and the variables it ignores are named.
 */
public final class EnvironmentConfiguration {
    /** In a configuration directory laid out from the environment: the variables are applied at every start. */
    public static final String MARKER = ".environment-managed";

    /** One variable and the key it sets. {@code list}: a comma-separated list, commas kept as separators. */
    public record Setting(String variable, String file, String key, boolean list, String meaning) {
    }

    public static final List<Setting> SETTINGS = List.of(
        new Setting("GATEHOUSE_DATABASE_URL", "gatehouse.properties", "store.jdbc.url", false,
            "policy database, e.g. jdbc:postgresql://db:5432/gatehouse (empty: embedded Derby in the data volume)"),
        new Setting("GATEHOUSE_DATABASE_USER", "gatehouse.properties", "store.jdbc.username", false, "database user"),
        new Setting("GATEHOUSE_DATABASE_PASSWORD", "gatehouse.properties", "store.jdbc.password", false,
            "database password (or GATEHOUSE_DATABASE_PASSWORD_FILE: a file holding it, e.g. a Docker secret)"),
        new Setting("GATEHOUSE_CLAMD", "gatehouse.properties", "antivirus.scanners", true,
            "clamd addresses, tcp://host:3310 or unix:///path, comma separated (empty: no antivirus)"),
        new Setting("GATEHOUSE_DNS_SERVERS", "gatehouse.properties", "dns.servers", true,
            "resolvers for the sender checks, host or host:port, comma separated (empty: /etc/resolv.conf)"),
        new Setting("GATEHOUSE_SELF_SERVICE_PORT", "gatehouse.properties", "quarantine.selfService.port", false,
            "port of the recipients' quarantine self-service page"),
        new Setting("GATEHOUSE_SELF_SERVICE_URL", "gatehouse.properties", "quarantine.selfService.baseUrl", false,
            "the address digest links point to, e.g. https://quarantine.example.net"),
        new Setting("GATEHOUSE_DIGEST_FROM", "gatehouse.properties", "quarantine.digest.from", false,
            "sender of quarantine digests"),
        new Setting("GATEHOUSE_REPORTS_FROM", "gatehouse.properties", "reports.from", false, "sender of scheduled reports"),
        new Setting("GATEHOUSE_WEBADMIN_HOST", "webadmin.properties", "host", false,
            "address WebAdmin listens on (the image: 0.0.0.0, so that a published port reaches it)"));

    /** What a start did: whether the directory is managed from the environment, and what was set or ignored. */
    public record Outcome(boolean managed, List<String> applied, List<String> ignored) {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: EnvironmentConfiguration CONF_DIR");
            System.exit(2);
        }
        try {
            Outcome outcome = apply(Paths.get(args[0]), System.getenv());
            if (outcome.managed()) {
                if (!outcome.applied().isEmpty()) {
                    System.out.println("Configuration from the environment: " + String.join(", ", outcome.applied()));
                }
            } else if (!outcome.ignored().isEmpty()) {
                System.out.println("Configuration directory " + args[0] + " is the administrator's (mounted): not changed; ignored "
                    + String.join(", ", outcome.ignored()));
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("gatehouse: cannot configure " + args[0] + " from the environment: " + e.getMessage());
            System.exit(1);
        }
    }

    public static Outcome apply(Path confDir, Map<String, String> environment) throws IOException {
        List<String> present = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            value(setting, environment).ifPresent(value -> present.add(setting.variable()));
        }
        boolean fresh = Files.notExists(confDir) || isEmpty(confDir);
        if (!fresh && Files.notExists(confDir.resolve(MARKER))) {
            return new Outcome(false, List.of(), present);
        }
        GatehouseLauncher.layOutConfiguration(confDir);
        Files.writeString(confDir.resolve(MARKER), "Laid out by the container's entrypoint: the GATEHOUSE_* environment variables "
            + "are applied at every start (docker/README.md). Delete this file to stop that.\n", StandardCharsets.UTF_8);
        for (Setting setting : SETTINGS) {
            Optional<String> value = value(setting, environment);
            if (value.isPresent()) {
                setProperty(confDir.resolve(setting.file()), setting.key(), escape(value.get(), setting.list()));
            }
        }
        return new Outcome(true, present, List.of());
    }

    private static Optional<String> value(Setting setting, Map<String, String> environment) {
        Optional<String> direct = Optional.ofNullable(environment.get(setting.variable()));
        if (direct.isPresent()) {
            return direct;
        }
        Optional<String> file = Optional.ofNullable(environment.get(setting.variable() + "_FILE")).filter(name -> !name.isBlank());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Paths.get(file.get()), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException(setting.variable() + "_FILE: cannot read " + file.get() + ": " + e.getMessage());
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * A value as James's properties reader (commons-configuration, list delimiter ',') reads it back unchanged: line
     * breaks and control characters cannot start another key, and a comma splits a value only in a list. (Gatehouse trims
     * every value it reads, so leading and trailing spaces are not kept.)
     */
    static String escape(String value, boolean list) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append(list ? "\\\\" : "\\\\\\\\");
                case ',' -> escaped.append(list ? "," : "\\,");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\f' -> escaped.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** Replaces the key's line (comments and the other lines unchanged), or appends it. */
    static void setProperty(Path file, String key, String escapedValue) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        String line = key + "=" + escapedValue;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (keyOf(lines.get(i)).filter(key::equals).isPresent()) {
                lines.set(i, line);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(line);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static Optional<String> keyOf(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
            return Optional.empty();
        }
        int end = 0;
        while (end < trimmed.length() && "=: \t".indexOf(trimmed.charAt(end)) < 0) {
            end++;
        }
        return Optional.of(trimmed.substring(0, end));
    }

    private EnvironmentConfiguration() {
    }
}
