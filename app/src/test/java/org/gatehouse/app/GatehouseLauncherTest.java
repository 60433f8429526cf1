package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatehouseLauncherTest {
    @TempDir
    Path dataDir;

    @Test
    void layOutConfigurationShouldWriteTheCompleteConfigurationOnFirstStart() throws Exception {
        GatehouseLauncher.layOutConfiguration(dataDir.resolve("conf"));

        assertThat(dataDir.resolve("conf/smtpserver.xml")).exists();
        assertThat(dataDir.resolve("conf/mailetcontainer.xml")).exists();
        assertThat(dataDir.resolve("conf/webadmin.properties")).exists();
        assertThat(dataDir.resolve("conf/gatehouse.properties")).exists();
    }

    @Test
    void layOutConfigurationShouldNeverOverwriteAnAdminsEdit() throws Exception {
        Path conf = dataDir.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("gatehouse.properties"), "store.jdbc.url=jdbc:postgresql://db/gatehouse\n");

        assertThat(GatehouseLauncher.layOutConfiguration(conf)).doesNotContain("gatehouse.properties").contains("smtpserver.xml");
        assertThat(Files.readString(conf.resolve("gatehouse.properties"))).isEqualTo("store.jdbc.url=jdbc:postgresql://db/gatehouse\n");
        assertThat(GatehouseLauncher.layOutConfiguration(conf)).isEmpty();
    }

    @Test
    void parseShouldReadTheFlagsAndDefaults() {
        GatehouseLauncher.Options defaults = GatehouseLauncher.parse(new String[0]);
        assertThat(defaults.smtpPort()).isEqualTo(2525);
        assertThat(defaults.webadminPort()).isEqualTo(8000);
        assertThat(defaults.submissionPort()).isEqualTo(2587);
        assertThat(defaults.submissionsPort()).isEqualTo(2465);
        assertThat(defaults.dataDir().getFileName().toString()).isEqualTo("var");
        assertThat(defaults.dataDir().isAbsolute()).isTrue();

        GatehouseLauncher.Options options = GatehouseLauncher.parse(new String[] {"--smtp-port", "25", "--webadmin-port=9000", "--submission-port",
            "587", "--submissions-port=465", "--data-dir", "/srv/gh", "--hostname", "MX1.Example.NET"});
        assertThat(options).isEqualTo(new GatehouseLauncher.Options(25, 9000, 587, 465, Path.of("/srv/gh"), "mx1.example.net"));
        assertThat(defaults.hostname()).isEqualTo(GatehouseLauncher.tlsHostname());
    }

    @Test
    void parseShouldRefuseAHostnameThatIsNotOne() {
        assertThatThrownBy(() -> GatehouseLauncher.parse(new String[] {"--hostname", "mx.example.net\r\n250 evil"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--hostname");
        assertThatThrownBy(() -> GatehouseLauncher.parse(new String[] {"--hostname", "-mx.example.net"}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseShouldRefuseABadPort() {
        assertThatThrownBy(() -> GatehouseLauncher.parse(new String[] {"--smtp-port", "70000"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--smtp-port");
    }
}
