package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gatehouse.app.EnvironmentConfiguration;
import org.gatehouse.pipeline.harness.DockerFiles;
import org.gatehouse.pipeline.harness.ReleaseInstallation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile and docker/compose.yaml against the release and docker/README.md: every path they name exists in
 * the release or the build context, every port is the gateway's and is documented, every variable is handled by the
 * entrypoint or the environment mapping and is documented.
 */
class DockerFilesTest {
    private static final Pattern VARIABLE = Pattern.compile("\\bGATEHOUSE_[A-Z0-9_]+\\b");
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(GATEHOUSE_[A-Z0-9_]+)`", Pattern.MULTILINE);

    static Set<String> releaseFiles;
    static Path buildContext;
    static String readme;

    @BeforeAll
    static void readTheRelease() throws Exception {
        Process tar = new ProcessBuilder("tar", "-tzf", ReleaseInstallation.tarball().toAbsolutePath().toString()).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        releaseFiles = new HashSet<>();
        for (String entry : listing.split("\n")) {
            int slash = entry.indexOf('/');
            if (slash > 0 && slash < entry.length() - 1) {
                releaseFiles.add(entry.substring(slash + 1).replaceAll("/$", ""));
            }
        }
        buildContext = DockerFiles.directory().toAbsolutePath().getParent();
        readme = Files.readString(DockerFiles.directory().resolve("README.md"));
    }

    @Test
    void theBaseImageShouldBeABuildArgumentDefaultingToTheTemurin17Jre() throws Exception {
        List<DockerFiles.Instruction> instructions = DockerFiles.dockerfile();
        assertThat(instructions.get(0)).isEqualTo(new DockerFiles.Instruction("ARG", "BASE_IMAGE=eclipse-temurin:17-jre"));
        assertThat(instructions.get(1)).isEqualTo(new DockerFiles.Instruction("FROM", "${BASE_IMAGE}"));
        assertThat(readme).contains("--build-arg BASE_IMAGE=apache/james:memory-3.8.1");
    }

    @Test
    void everyPathTheImageNamesShouldExistInTheBuildContextOrTheRelease() throws Exception {
        List<String> ignore = Files.readAllLines(buildContext.resolve(".dockerignore"));
        for (String copy : DockerFiles.arguments("COPY")) {
            String source = copy.split("\\s+")[0];
            assertThat(ignore).as("sent to the build by .dockerignore").contains("!" + source);
            Pattern glob = Pattern.compile(Pattern.quote(source).replace("*", "\\E[^/]*\\Q"));
            try (var files = Files.walk(buildContext.resolve(source.substring(0, source.lastIndexOf('/'))), 1)) {
                assertThat(files.map(file -> buildContext.relativize(file).toString())).as(source).anyMatch(file -> glob.matcher(file).matches());
            }
        }
        assertThat(Files.isExecutable(DockerFiles.directory().resolve("entrypoint.sh"))).isTrue();
        String entrypoint = DockerFiles.execForm(DockerFiles.arguments("ENTRYPOINT").get(0)).get(0);
        assertThat(DockerFiles.arguments("COPY")).contains("docker/entrypoint.sh " + entrypoint);

        Map<String, String> environment = DockerFiles.dockerfileEnvironment();
        assertThat(environment.get("GATEHOUSE_HOME")).isEqualTo(DockerFiles.IMAGE_HOME);
        assertThat(String.join("\n", DockerFiles.arguments("RUN"))).contains("-C " + DockerFiles.IMAGE_HOME + " --strip-components=1");
        for (String part : DockerFiles.healthcheckCommand(Path.of(DockerFiles.IMAGE_HOME))) {
            if (part.startsWith(DockerFiles.IMAGE_HOME + "/")) {
                assertThat(releaseFiles).as("HEALTHCHECK " + part).contains(part.substring(DockerFiles.IMAGE_HOME.length() + 1));
            }
        }
        assertThat(releaseFiles).contains("bin/gatehouse", "lib", "conf/gatehouse.properties", "conf/webadmin.properties", "LICENSE", "NOTICE");

        String data = environment.get("GATEHOUSE_DATA");
        assertThat(DockerFiles.arguments("VOLUME")).containsExactly(data);
        assertThat(DockerFiles.arguments("WORKDIR")).containsExactly(data);
        assertThat(String.join("\n", DockerFiles.arguments("RUN"))).contains("--home-dir " + data, "install -d -o gatehouse -g gatehouse -m 0750 " + data);
        assertThat(DockerFiles.composeService("gatehouse").get("volumes")).asList().contains("gatehouse-data:" + data);
        assertThat(readme).contains("`" + data + "`", "`" + DockerFiles.IMAGE_HOME + "`", "`" + entrypoint + "`");
    }

    @Test
    void theImageShouldRunAsANonRootUser() throws Exception {
        assertThat(DockerFiles.arguments("USER")).containsExactly("gatehouse");
        assertThat(String.join("\n", DockerFiles.arguments("RUN"))).contains("useradd --system --uid 10025");
    }

    @Test
    void everyExposedPortShouldBeAGatewayPortAndDocumented() throws Exception {
        Map<String, String> environment = DockerFiles.dockerfileEnvironment();
        Set<String> exposed = new TreeSet<>(List.of(DockerFiles.arguments("EXPOSE").get(0).split("\\s+")));
        Set<String> gatewayPorts = new TreeSet<>();
        for (String variable : List.of("GATEHOUSE_SMTP_PORT", "GATEHOUSE_SUBMISSION_PORT", "GATEHOUSE_SUBMISSIONS_PORT",
                "GATEHOUSE_WEBADMIN_PORT", "GATEHOUSE_SELF_SERVICE_PORT")) {
            gatewayPorts.add(environment.get(variable));
        }
        assertThat(exposed).isEqualTo(gatewayPorts).contains("25", "587", "465", "8000", "8088");
        for (Object published : DockerFiles.composeService("gatehouse").get("ports") instanceof List<?> ports ? ports : List.of()) {
            String containerPort = published.toString().substring(published.toString().lastIndexOf(':') + 1);
            assertThat(exposed).as("compose publishes " + published).contains(containerPort);
        }
        for (String port : exposed) {
            assertThat(readme).as("port " + port + " documented").containsPattern("\\| ports \\|.*\\b" + port + "\\b");
        }
    }

    @Test
    void everyVariableShouldBeHandledAndDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher row = DOCUMENTED.matcher(readme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        String entrypoint = Files.readString(DockerFiles.directory().resolve("entrypoint.sh"));
        String launcher = Files.readString(buildContext.resolve("app/src/dist/bin/gatehouse"));
        Set<String> mapped = new TreeSet<>();
        for (EnvironmentConfiguration.Setting setting : EnvironmentConfiguration.SETTINGS) {
            mapped.add(setting.variable());
        }

        Set<String> named = new TreeSet<>();
        named.addAll(variables(Files.readString(DockerFiles.directory().resolve("Dockerfile"))));
        named.addAll(variables(Files.readString(DockerFiles.directory().resolve("compose.yaml"))));
        named.addAll(variables(entrypoint));
        named.addAll(mapped);
        named.remove("GATEHOUSE_DB_PASSWORD"); // compose's own interpolation variable, documented with the compose command
        for (String variable : named) {
            assertThat(documented).as(variable + " in docker/README.md").contains(variable);
        }
        for (String variable : documented) {
            boolean handled = mapped.contains(variable) || entrypoint.contains("${" + variable) || launcher.contains("${" + variable);
            assertThat(handled).as(variable + " is handled by the entrypoint, bin/gatehouse or EnvironmentConfiguration").isTrue();
        }
        assertThat(readme).contains("GATEHOUSE_DB_PASSWORD");

        // every mapped setting names a key the shipped configuration has
        for (EnvironmentConfiguration.Setting setting : EnvironmentConfiguration.SETTINGS) {
            Path file = buildContext.resolve("james-conf/src/main/resources/gatehouse-conf").resolve(setting.file());
            assertThat(Files.readAllLines(file)).as(setting.variable()).anyMatch(line -> line.startsWith(setting.key() + "="));
            assertThat(readme).contains("`" + setting.key() + "`");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeShouldStartGatehouseAfterHealthyClamdAndPostgresqlWithVolumes() throws Exception {
        Map<String, Object> gatehouse = DockerFiles.composeService("gatehouse");
        Map<String, Object> clamd = DockerFiles.composeService("clamd");
        Map<String, Object> postgres = DockerFiles.composeService("postgres");
        assertThat(clamd.get("image").toString()).startsWith("clamav/clamav:");
        assertThat(postgres.get("image").toString()).startsWith("postgres:");
        Map<String, Object> dependsOn = (Map<String, Object>) gatehouse.get("depends_on");
        assertThat(dependsOn).containsOnlyKeys("clamd", "postgres");
        dependsOn.values().forEach(condition -> assertThat((Map<String, Object>) condition).containsEntry("condition", "service_healthy"));
        assertThat(clamd).containsKey("healthcheck");
        assertThat(postgres).containsKey("healthcheck");
        Map<String, Object> environment = (Map<String, Object>) gatehouse.get("environment");
        assertThat(environment).containsEntry("GATEHOUSE_CLAMD", "tcp://clamd:3310")
            .containsEntry("GATEHOUSE_DATABASE_URL", "jdbc:postgresql://postgres:5432/gatehouse");
        Map<String, Object> volumes = (Map<String, Object>) DockerFiles.compose().get("volumes");
        for (Map<String, Object> service : List.of(gatehouse, clamd, postgres)) {
            for (Object volume : (List<Object>) service.get("volumes")) {
                assertThat(volumes).containsKey(volume.toString().substring(0, volume.toString().indexOf(':')));
            }
        }
        assertThat(((Map<String, Object>) gatehouse.get("build")).get("dockerfile")).isEqualTo("docker/Dockerfile");
    }

    private static Set<String> variables(String text) {
        Set<String> variables = new TreeSet<>();
        Matcher variable = VARIABLE.matcher(text);
        while (variable.find()) {
            variables.add(variable.group());
        }
        return variables;
    }
}
