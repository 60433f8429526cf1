package org.gatehouse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.gatehouse.pipeline.harness.DownstreamSmtpServer;
import org.gatehouse.pipeline.harness.ReleaseInstallation;
import org.gatehouse.pipeline.harness.SmtpClient;
import org.gatehouse.pipeline.harness.TestDns;
import org.gatehouse.pipeline.harness.WebAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a user installs it (docs/deployment.md): unpacked into a new directory and run with
 * {@code bin/gatehouse} with nothing but Java and the shell's tools on the PATH. The quick-start mail flow works, stop
 * stops it cleanly, and a second start reuses the data.
 */
class ReleaseDistributionTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Pattern LISTED = Pattern.compile("^ +\\(.*\\([\\w.-]+:([\\w.-]+):([^\\s:]+) - ", Pattern.MULTILINE);

    @TempDir
    Path workDir;

    @Test
    void theTarballShouldHoldTheLauncherConfigurationLibrariesLicencesAndTheSystemdUnit() throws Exception {
        ReleaseInstallation release = ReleaseInstallation.unpack(workDir);
        Path home = release.home();

        assertThat(home.getFileName().toString()).matches("gatehouse-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(Files.isExecutable(home.resolve("bin/gatehouse"))).isTrue();
        assertThat(home.resolve("conf/mailetcontainer.xml")).exists();
        assertThat(home.resolve("conf/smtpserver.xml")).exists();
        assertThat(home.resolve("conf/gatehouse.properties")).exists();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
        assertThat(home.resolve("NOTICE")).content().contains("licenses/THIRD-PARTY.txt");
        assertThat(home.resolve("systemd/gatehouse.service")).content()
            .contains("AmbientCapabilities=CAP_NET_BIND_SERVICE", "User=gatehouse", "ExecStart=/opt/gatehouse/bin/gatehouse run",
                "Environment=GATEHOUSE_DATA=/var/lib/gatehouse");

        String thirdParty = Files.readString(home.resolve("licenses/THIRD-PARTY.txt"));
        assertThat(thirdParty).doesNotContain("Unknown license");
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
        assertThat(jars).hasSizeGreaterThan(100);
        // each bundled jar is listed with its licence: "(licence) Name (group:artifact:version - url)"
        java.util.Set<String> listed = new java.util.HashSet<>();
        Matcher entry = LISTED.matcher(thirdParty);
        while (entry.find()) {
            listed.add(entry.group(1) + "-" + entry.group(2));
        }
        for (Path jar : jars) {
            String file = jar.getFileName().toString();
            if (file.startsWith("gatehouse-")) {
                continue; // Gatehouse's own: LICENSE, and NOTICE for the Lucene inside gatehouse-lucene-shaded
            }
            assertThat(listed).as("licence of " + file)
                .anyMatch(artifact -> file.equals(artifact + ".jar") || file.startsWith(artifact + "-"));
        }
    }

    @Test
    void binGatehouseShouldStartServeStopAndStartAgainOnTheSameDataWithoutMaven() throws Exception {
        ReleaseInstallation release = ReleaseInstallation.unpack(workDir);
        Path home = release.home();
        Map<String, String> environment = release.environment();
        assertThat(release.run(environment, 10, "bash", "-c", "command -v mvn || echo no-maven").output()).contains("no-maven");
        // the administrator's edits to the shipped configuration: DNS on loopback, a free self-service port
        Path properties = home.resolve("conf/gatehouse.properties");
        Files.writeString(properties, Files.readString(properties)
            .replace("\ndns.servers=\n", "\ndns.servers=" + TestDns.shared().address() + "\n")
            .replace("\nquarantine.selfService.port=8088\n", "\nquarantine.selfService.port=0\n"));
        String[] start = {"bin/gatehouse", "start", "--smtp-port", "0", "--webadmin-port", "0", "--submission-port", "0",
            "--submissions-port", "0"};

        try (DownstreamSmtpServer downstream = DownstreamSmtpServer.start()) {
            ReleaseInstallation.Result first = release.run(environment, 240, start);
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("Gatehouse started (pid", "Data directory: " + home.toRealPath());
            int smtpPort = ReleaseInstallation.port(first.output(), "Gatehouse SMTP listening on [^:]+:(\\d+)").orElseThrow();
            int webAdminPort = ReleaseInstallation.port(first.output(), "Gatehouse WebAdmin listening on http://[^:]+:(\\d+)").orElseThrow();
            Path token = home.resolve("operator.token");
            String firstToken = Files.readString(token);
            ReleaseInstallation.useOperatorToken(webAdminPort, token);
            WebAdmin webAdmin = new WebAdmin(webAdminPort);

            webAdmin.createTenant("acme", List.of("acme.example"), downstream.port(), List.of());
            send(smtpPort, "first");
            await().atMost(DELIVERY).until(() -> downstream.received().size() == 1);
            assertThat(downstream.received().get(0).content()).contains("Subject: first");

            ReleaseInstallation.Result running = release.run(environment, 30, "bin/gatehouse", "status");
            assertThat(running.exitCode()).isZero();
            assertThat(running.output()).contains("Gatehouse is running (pid");
            Map<String, String> healthEnvironment = new java.util.HashMap<>(environment);
            healthEnvironment.put("GATEHOUSE_WEBADMIN_PORT", String.valueOf(webAdminPort));
            ReleaseInstallation.Result health = release.run(healthEnvironment, 30, "bin/gatehouse", "health");
            assertThat(health.exitCode()).as(health.output()).isZero();
            assertThat(health.output()).contains("\"PolicyDatabase\"");
            long pid = Long.parseLong(Files.readString(home.resolve("gatehouse.pid")).trim());

            ReleaseInstallation.Result stop = release.run(environment, 180, "bin/gatehouse", "stop");
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.output()).contains("Gatehouse stopped");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(home.resolve("gatehouse.pid")).doesNotExist();
            assertThat(home.resolve("var/log/gatehouse-console.log")).content().contains("Gatehouse is stopping");
            assertThat(release.run(environment, 30, "bin/gatehouse", "status").exitCode()).isEqualTo(3);

            ReleaseInstallation.Result second = release.run(environment, 240, start);
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output()).doesNotContain("Configuration written");
            int secondSmtpPort = ReleaseInstallation.port(second.output(), "Gatehouse SMTP listening on [^:]+:(\\d+)").orElseThrow();
            int secondWebAdminPort = ReleaseInstallation.port(second.output(), "Gatehouse WebAdmin listening on http://[^:]+:(\\d+)").orElseThrow();
            assertThat(Files.readString(token)).isEqualTo(firstToken);
            ReleaseInstallation.useOperatorToken(secondWebAdminPort, token);
            WebAdmin again = new WebAdmin(secondWebAdminPort);
            again.request().get("/gatehouse/tenants/acme").then().statusCode(200);
            assertThat(again.messages("recipient=bob@acme.example")).isNotEmpty();
            send(secondSmtpPort, "second");
            await().atMost(DELIVERY).until(() -> downstream.received().size() == 2);

            ReleaseInstallation.Result secondStop = release.run(environment, 180, "bin/gatehouse", "stop");
            assertThat(secondStop.exitCode()).as(secondStop.output()).isZero();
        } finally {
            release.run(environment, 180, "bin/gatehouse", "stop");
        }
    }

    private static void send(int smtpPort, String subject) throws Exception {
        try (SmtpClient client = SmtpClient.connect(smtpPort, "sender.example")) {
            SmtpClient.Reply reply = client.send("alice@sender.example", List.of("bob@acme.example"),
                "From: alice@sender.example\r\nTo: bob@acme.example\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                    + "@sender.example>\r\nDate: " + SmtpClient.dateNow() + "\r\n\r\nHello from the release.\r\n");
            assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        }
    }
}
