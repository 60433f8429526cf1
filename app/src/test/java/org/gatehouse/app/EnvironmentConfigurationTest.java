package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.builder.FileBasedConfigurationBuilder;
import org.apache.commons.configuration2.builder.fluent.Parameters;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentConfigurationTest {
    @TempDir
    Path directory;

    @Test
    void applyShouldLayOutTheConfigurationAndSetTheVariablesWhenTheDirectoryIsMissing() throws Exception {
        Path conf = directory.resolve("conf");

        EnvironmentConfiguration.Outcome outcome = EnvironmentConfiguration.apply(conf, Map.of(
            "GATEHOUSE_DATABASE_URL", "jdbc:postgresql://db:5432/gatehouse?ssl=true&sslmode=require",
            "GATEHOUSE_CLAMD", "tcp://clamd:3310,tcp://clamd2:3310",
            "GATEHOUSE_WEBADMIN_HOST", "0.0.0.0"));

        assertThat(outcome.managed()).isTrue();
        assertThat(outcome.applied()).containsExactly("GATEHOUSE_DATABASE_URL", "GATEHOUSE_CLAMD", "GATEHOUSE_WEBADMIN_HOST");
        assertThat(conf.resolve("mailetcontainer.xml")).exists();
        assertThat(conf.resolve(EnvironmentConfiguration.MARKER)).exists();
        PropertiesConfiguration gatehouse = read(conf.resolve("gatehouse.properties"));
        assertThat(gatehouse.getString("store.jdbc.url")).isEqualTo("jdbc:postgresql://db:5432/gatehouse?ssl=true&sslmode=require");
        assertThat(gatehouse.getStringArray("antivirus.scanners")).containsExactly("tcp://clamd:3310", "tcp://clamd2:3310");
        assertThat(read(conf.resolve("webadmin.properties")).getString("host")).isEqualTo("0.0.0.0");
        assertThat(Files.readString(conf.resolve("gatehouse.properties")))
            .contains("# Antivirus with ClamAV")
            .containsOnlyOnce("\nstore.jdbc.url=");
    }

    @Test
    void applyShouldWriteValuesThatJamesReadsBackUnchangedWhenTheyHoldSpecialCharacters() throws Exception {
        Path conf = directory.resolve("conf");
        String password = "p@ss,wo\\rd=1 ü\nstore.jdbc.url=jdbc:derby:evil";

        EnvironmentConfiguration.apply(conf, Map.of("GATEHOUSE_DATABASE_PASSWORD", password));

        PropertiesConfiguration gatehouse = read(conf.resolve("gatehouse.properties"));
        assertThat(gatehouse.getString("store.jdbc.password")).isEqualTo(password);
        assertThat(gatehouse.getStringArray("store.jdbc.password")).hasSize(1);
        assertThat(gatehouse.getString("store.jdbc.url")).isEmpty();
    }

    @Test
    void applyShouldReadASecretFromAFileWhenTheFileVariantIsGiven() throws Exception {
        Path secret = directory.resolve("secret");
        Files.writeString(secret, "s3cret\n", StandardCharsets.UTF_8);
        Path conf = directory.resolve("conf");

        EnvironmentConfiguration.apply(conf, Map.of("GATEHOUSE_DATABASE_PASSWORD_FILE", secret.toString()));

        assertThat(read(conf.resolve("gatehouse.properties")).getString("store.jdbc.password")).isEqualTo("s3cret");
    }

    @Test
    void applyShouldApplyTheVariablesAgainWhenTheDirectoryWasLaidOutFromTheEnvironment() throws Exception {
        Path conf = directory.resolve("conf");
        EnvironmentConfiguration.apply(conf, Map.of("GATEHOUSE_CLAMD", "tcp://old:3310"));

        EnvironmentConfiguration.Outcome outcome = EnvironmentConfiguration.apply(conf, Map.of("GATEHOUSE_CLAMD", "tcp://new:3310"));

        assertThat(outcome.managed()).isTrue();
        assertThat(read(conf.resolve("gatehouse.properties")).getString("antivirus.scanners")).isEqualTo("tcp://new:3310");
    }

    @Test
    void applyShouldNotTouchAMountedDirectoryAndNameWhatItIgnored() throws Exception {
        Path conf = Files.createDirectories(directory.resolve("conf"));
        Files.writeString(conf.resolve("gatehouse.properties"), "store.jdbc.url=jdbc:postgresql://mine/gh\n", StandardCharsets.UTF_8);

        EnvironmentConfiguration.Outcome outcome = EnvironmentConfiguration.apply(conf, Map.of(
            "GATEHOUSE_DATABASE_URL", "jdbc:postgresql://other/gh", "GATEHOUSE_CLAMD", "tcp://clamd:3310"));

        assertThat(outcome.managed()).isFalse();
        assertThat(outcome.ignored()).containsExactly("GATEHOUSE_DATABASE_URL", "GATEHOUSE_CLAMD");
        assertThat(Files.readString(conf.resolve("gatehouse.properties"))).isEqualTo("store.jdbc.url=jdbc:postgresql://mine/gh\n");
        try (var files = Files.list(conf)) {
            assertThat(files).containsExactly(conf.resolve("gatehouse.properties"));
        }
    }

    /** As James's PropertiesProvider reads a properties file. */
    private static PropertiesConfiguration read(Path file) throws Exception {
        FileBasedConfigurationBuilder<FileBasedConfiguration> builder = new FileBasedConfigurationBuilder<FileBasedConfiguration>(PropertiesConfiguration.class)
            .configure(new Parameters().fileBased()
                .setListDelimiterHandler(new DefaultListDelimiterHandler(','))
                .setFile(new File(file.toString())));
        return (PropertiesConfiguration) builder.getConfiguration();
    }
}
