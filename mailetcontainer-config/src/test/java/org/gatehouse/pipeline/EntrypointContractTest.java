package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gatehouse.antivirus.LoopbackClamd;
import org.gatehouse.antivirus.VirusSamples;
import org.gatehouse.pipeline.harness.DockerFiles;
import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.ReleaseInstallation;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.TestDns;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's contract without a container engine: the unpacked release run through docker/entrypoint.sh with the
 * Dockerfile's environment and its volume layout (the release in the image's GATEHOUSE_HOME, an empty data volume),
 * against a real clamd and a real PostgreSQL. The variables land in the configuration the entrypoint lays out, and never
 * in one the administrator mounted.
 */
@EnabledIfSystemProperty(named = "gatehouse.test.postgresql.url", matches = ".+")
class EntrypointContractTest {
    private static final String URL = System.getProperty("gatehouse.test.postgresql.url");
    private static final Duration READY = Duration.ofSeconds(180);

    @TempDir
    Path workDir;
    String database;
    String databaseUrl;

    @BeforeEach
    void createDatabase() throws Exception {
        database = "gh_entry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        databaseUrl = URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        admin("DROP DATABASE IF EXISTS " + database);
    }

    private void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The image's environment: the Dockerfile's ENV with the release and the volume where this test has them, free ports. */
    private static Map<String, String> imageEnvironment(ReleaseInstallation release, Path volume) throws Exception {
        Map<String, String> environment = new HashMap<>(release.environment());
        Map<String, String> dockerfile = DockerFiles.dockerfileEnvironment();
        environment.putAll(dockerfile);
        environment.put("GATEHOUSE_HOME", release.home().toString());
        environment.put("GATEHOUSE_DATA", volume.toString());
        for (String port : List.of("GATEHOUSE_SMTP_PORT", "GATEHOUSE_SUBMISSION_PORT", "GATEHOUSE_SUBMISSIONS_PORT",
                "GATEHOUSE_WEBADMIN_PORT", "GATEHOUSE_SELF_SERVICE_PORT")) {
            assertThat(dockerfile).containsKey(port);
            environment.put(port, String.valueOf(DownstreamSmtpServer.reservePort()));
        }
        environment.put("GATEHOUSE_DNS_SERVERS", TestDns.shared().address());
        environment.put("GATEHOUSE_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
        return environment;
    }

    private static String awaitReady(Process entrypoint, Path log) {
        return await().atMost(READY).pollInterval(Duration.ofMillis(200)).until(() -> {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!entrypoint.isAlive() && !output.contains("Gatehouse is ready")) {
                throw new IllegalStateException("the entrypoint ended with " + entrypoint.exitValue() + ":\n" + output);
            }
            return output;
        }, output -> output.contains("Gatehouse is ready"));
    }

    private static void stop(Process entrypoint) throws InterruptedException {
        entrypoint.destroy(); // SIGTERM, as docker stop sends
        if (!entrypoint.waitFor(120, TimeUnit.SECONDS)) {
            entrypoint.destroyForcibly();
        }
    }

    @Test
    void theEntrypointShouldConfigureAnEmptyVolumeFromTheEnvironmentAndRunOnClamdAndPostgresql() throws Exception {
        ReleaseInstallation release = ReleaseInstallation.unpack(workDir.resolve("opt"));
        Path volume = Files.createDirectories(workDir.resolve("volume"));
        try (LoopbackClamd clamd = new LoopbackClamd(); DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            clamd.start();
            Map<String, String> environment = imageEnvironment(release, volume);
            // what compose.yaml gives the gatehouse service, pointed at this test's clamd and database
            environment.put("GATEHOUSE_HOSTNAME", "mx.gatehouse.test");
            environment.put("GATEHOUSE_DATABASE_URL", databaseUrl);
            environment.put("GATEHOUSE_CLAMD", clamd.tcpAddress());
            Path secret = workDir.resolve("db-password");
            Files.writeString(secret, "unused-with-trust-auth\n");
            environment.put("GATEHOUSE_DATABASE_PASSWORD_FILE", secret.toString());
            Path log = workDir.resolve("entrypoint.log");

            Process entrypoint = release.launch(environment, log, "bash", DockerFiles.directory().resolve("entrypoint.sh").toAbsolutePath().toString());
            try {
                String output = awaitReady(entrypoint, log);
                assertThat(output).contains("Configuration from the environment: GATEHOUSE_DATABASE_URL, GATEHOUSE_DATABASE_PASSWORD,"
                    + " GATEHOUSE_CLAMD, GATEHOUSE_DNS_SERVERS, GATEHOUSE_SELF_SERVICE_PORT, GATEHOUSE_WEBADMIN_HOST");
                assertThat(output).contains("Data directory: " + volume.toRealPath());
                assertThat(volume.resolve("conf/.environment-managed")).exists();
                assertThat(volume.resolve("conf/gatehouse.properties")).content()
                    .contains("\nstore.jdbc.url=" + databaseUrl + "\n", "\nantivirus.scanners=" + clamd.tcpAddress() + "\n",
                        "\nstore.jdbc.password=unused-with-trust-auth\n");
                assertThat(volume.resolve("conf/webadmin.properties")).content().contains("\nhost=0.0.0.0\n");
                assertThat(volume.resolve("var/store/activemq")).isDirectory();
                assertThat(volume.resolve("var/store/gatehouse-db")).doesNotExist();

                int webAdminPort = Integer.parseInt(environment.get("GATEHOUSE_WEBADMIN_PORT"));
                int smtpPort = Integer.parseInt(environment.get("GATEHOUSE_SMTP_PORT"));
                ReleaseInstallation.useOperatorToken(webAdminPort, volume.resolve("operator.token"));
                WebAdmin webAdmin = new WebAdmin(webAdminPort);
                webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
                try (Connection connection = DriverManager.getConnection(databaseUrl); Statement statement = connection.createStatement();
                     ResultSet tenants = statement.executeQuery("SELECT COUNT(*) FROM gh_tenant WHERE id = 'acme'")) {
                    tenants.next();
                    assertThat(tenants.getInt(1)).as("the tenant is in PostgreSQL").isEqualTo(1);
                }

                try (SmtpClient smtp = SmtpClient.connect(smtpPort, "mx.sender.test")) {
                    assertThat(smtp.ehloReply("mx.sender.test")).contains("mx.gatehouse.test");
                }
                byte[] infected = VirusSamples.messageWithAttachment("zip", "a.zip", "application/zip",
                    VirusSamples.zip("eicar.com", VirusSamples.eicar()));
                assertThat(send(smtpPort, "virus@acme.example", infected).code()).isEqualTo(250);
                assertThat(send(smtpPort, "clean@acme.example", VirusSamples.textMessage("clean", "Nothing to see.")).code()).isEqualTo(250);
                await().atMost(Duration.ofSeconds(60)).until(() -> downstream.received().size() == 1);
                assertThat(downstream.received().get(0).recipient()).isEqualTo("clean@acme.example");
                Map<String, Object> record = await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.messages("recipient=virus@acme.example"),
                    found -> found.size() == 1 && "quarantined".equals(found.get(0).get("disposition"))).get(0);
                assertThat((List<?>) record.get("reasons")).anySatisfy(reason -> assertThat(reason.toString())
                    .startsWith("VIRUS_FOUND").contains(LoopbackClamd.EICAR_SIGNATURE));
                try (Stream<Path> held = Files.walk(volume.resolve("var/mail/quarantine/acme/virus"))) {
                    assertThat(held.filter(Files::isRegularFile).count()).isPositive();
                }

                // the image's HEALTHCHECK command, with the container's environment
                ReleaseInstallation.Result health = release.run(environment, 30, DockerFiles.healthcheckCommand(release.home()));
                assertThat(health.exitCode()).as(health.output()).isZero();
                assertThat(health.output()).contains("\"componentName\":\"ClamAV\",\"escapedComponentName\":\"ClamAV\",\"status\":\"healthy\"",
                    "\"componentName\":\"PolicyDatabase\",\"escapedComponentName\":\"PolicyDatabase\",\"status\":\"healthy\"");
            } finally {
                stop(entrypoint);
            }
            assertThat(Files.readString(log)).contains("Gatehouse is stopping");

            // a restart of the container: the same volume, the variables applied again (the clamd address changed)
            LinkedHashMap<String, String> restarted = new LinkedHashMap<>(environment);
            restarted.put("GATEHOUSE_CLAMD", clamd.tcpAddress() + ",tcp://localhost:" + clamd.port());
            Path restartLog = workDir.resolve("entrypoint-restart.log");
            Process again = release.launch(restarted, restartLog, "bash", DockerFiles.directory().resolve("entrypoint.sh").toAbsolutePath().toString());
            try {
                awaitReady(again, restartLog);
                assertThat(volume.resolve("conf/gatehouse.properties")).content()
                    .contains("\nantivirus.scanners=" + clamd.tcpAddress() + ",tcp://localhost:" + clamd.port() + "\n");
                new WebAdmin(Integer.parseInt(environment.get("GATEHOUSE_WEBADMIN_PORT"))).request()
                    .get("/gatehouse/tenants/acme").then().statusCode(200);
            } finally {
                stop(again);
            }
        }
    }

    @Test
    void theEntrypointShouldNeverWriteToAConfigurationTheAdministratorMounted() throws Exception {
        ReleaseInstallation release = ReleaseInstallation.unpack(workDir.resolve("opt"));
        Path volume = Files.createDirectories(workDir.resolve("volume"));
        Path mounted = volume.resolve("conf");
        // the administrator's own configuration: the release's, edited
        try (Stream<Path> files = Files.list(release.home().resolve("conf"))) {
            Files.createDirectories(mounted);
            for (Path file : files.toList()) {
                Files.copy(file, mounted.resolve(file.getFileName()));
            }
        }
        Path properties = mounted.resolve("gatehouse.properties");
        Files.writeString(properties, Files.readString(properties)
            .replace("\nstore.jdbc.url=\n", "\nstore.jdbc.url=" + databaseUrl + "\n")
            .replace("\ndns.servers=\n", "\ndns.servers=" + TestDns.shared().address() + "\n")
            .replace("\nquarantine.selfService.port=8088\n", "\nquarantine.selfService.port=0\n"));
        Map<Path, byte[]> before = new HashMap<>();
        try (Stream<Path> files = Files.list(mounted)) {
            for (Path file : files.toList()) {
                before.put(file, Files.readAllBytes(file));
            }
        }
        Map<String, String> environment = imageEnvironment(release, volume);
        environment.put("GATEHOUSE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/elsewhere");
        environment.put("GATEHOUSE_CLAMD", "tcp://127.0.0.1:1");
        Path log = workDir.resolve("entrypoint.log");

        Process entrypoint = release.launch(environment, log, "bash", DockerFiles.directory().resolve("entrypoint.sh").toAbsolutePath().toString());
        try {
            String output = awaitReady(entrypoint, log);
            assertThat(output).contains("Configuration directory " + mounted + " is the administrator's (mounted): not changed; ignored "
                + "GATEHOUSE_DATABASE_URL, GATEHOUSE_CLAMD, GATEHOUSE_DNS_SERVERS, GATEHOUSE_SELF_SERVICE_PORT, GATEHOUSE_WEBADMIN_HOST");
            for (Map.Entry<Path, byte[]> file : before.entrySet()) {
                assertThat(Files.readAllBytes(file.getKey())).as(file.getKey().toString()).isEqualTo(file.getValue());
            }
            assertThat(mounted.resolve(".environment-managed")).doesNotExist();
            int webAdminPort = Integer.parseInt(environment.get("GATEHOUSE_WEBADMIN_PORT"));
            ReleaseInstallation.useOperatorToken(webAdminPort, volume.resolve("operator.token"));
            // the mounted configuration's database, not the variable's; no clamd configured there
            new WebAdmin(webAdminPort).request().get("/healthcheck/checks/PolicyDatabase").then().statusCode(200);
            assertThat(new WebAdmin(webAdminPort).request().get("/healthcheck/checks/ClamAV").then().extract().asString()).contains("degraded");
        } finally {
            stop(entrypoint);
        }
    }

    private static SmtpClient.Reply send(int smtpPort, String to, byte[] message) throws Exception {
        try (SmtpClient smtp = SmtpClient.connect(smtpPort, "mx.sender.test")) {
            return smtp.send("alice@sender.test", List.of(to),
                "To: " + to + "\r\n" + new String(message, StandardCharsets.US_ASCII).replaceFirst("(?m)^To: .*\r\n", ""));
        }
    }
}
