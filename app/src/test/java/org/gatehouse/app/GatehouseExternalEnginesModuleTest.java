package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.gatehouse.scoring.ScoreContributor;
import org.gatehouse.scoring.external.EngineScoreMapping;
import org.gatehouse.scoring.external.ExternalEngine;
import org.gatehouse.scoring.external.ExternalEngineContributor;
import org.gatehouse.scoring.external.RspamdSettings;
import org.gatehouse.scoring.external.SpamdSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

class GatehouseExternalEnginesModuleTest {
    @TempDir
    Path workingDirectory;

    private Configuration server(String properties) throws IOException {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/gatehouse.properties"), properties);
        return Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
    }

    private GatehouseConfiguration configuration(String properties) throws Exception {
        Configuration server = server(properties);
        return new GatehouseConfiguration(new PropertiesProvider(new FileSystemImpl(server.directories()), server.configurationPath()));
    }

    private static Set<ScoreContributor> contributors(GatehouseExternalEnginesModule module) {
        return Guice.createInjector(module).getInstance(Key.get(new TypeLiteral<Set<ScoreContributor>>() { }));
    }

    @Test
    void moduleShouldBindAnEmptySetWhenNoEngineIsConfigured() throws IOException {
        Configuration server = server("scoring.spamd.address=\nscoring.rspamd.url=\n");

        assertThat(contributors(GatehouseExternalEnginesModule.forServer(server))).isEmpty();
    }

    @Test
    void moduleShouldBindAnEmptySetWhenThereIsNoPropertiesFile() {
        Configuration server = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();

        assertThat(contributors(GatehouseExternalEnginesModule.forServer(server))).isEmpty();
    }

    @Test
    void moduleShouldBindEachConfiguredEngine() throws IOException {
        Configuration server = server("scoring.spamd.address=127.0.0.1:783\nscoring.rspamd.url=http://127.0.0.1:11333\n");

        assertThat(contributors(GatehouseExternalEnginesModule.forServer(server)))
            .extracting(contributor -> ((ExternalEngineContributor) contributor).engine())
            .containsExactlyInAnyOrder(ExternalEngine.SPAMD, ExternalEngine.RSPAMD);
    }

    @Test
    void moduleShouldBindOnlySpamdWhenOnlyItsAddressIsSet() throws IOException {
        Configuration server = server("scoring.spamd.address=spamd.internal\n");

        assertThat(contributors(GatehouseExternalEnginesModule.forServer(server)))
            .extracting(contributor -> ((ExternalEngineContributor) contributor).engine())
            .containsExactly(ExternalEngine.SPAMD);
    }

    @Test
    void spamdSettingsShouldUseTheDefaultsWhenOnlyTheAddressIsSet() throws Exception {
        assertThat(GatehouseExternalEnginesModule.spamdSettings(configuration("scoring.spamd.address=spamd.internal\n")))
            .contains(SpamdSettings.forAddress("spamd.internal:783"));
    }

    @Test
    void spamdSettingsShouldReadEveryKey() throws Exception {
        GatehouseConfiguration configuration = configuration("""
            scoring.spamd.address=10.0.0.5:1783
            scoring.spamd.connectTimeout=500ms
            scoring.spamd.timeout=3s
            scoring.spamd.maxSize=1048576
            scoring.spamd.user=gatehouse
            scoring.spamd.pointsPerUnit=6.5
            scoring.spamd.min=-10
            scoring.spamd.max=50
            """);

        assertThat(GatehouseExternalEnginesModule.spamdSettings(configuration)).contains(new SpamdSettings("10.0.0.5", 1783,
            Duration.ofMillis(500), Duration.ofSeconds(3), 1048576, Optional.of("gatehouse"), new EngineScoreMapping(6.5, -10, 50)));
    }

    @Test
    void rspamdSettingsShouldReadEveryKey() throws Exception {
        GatehouseConfiguration configuration = configuration("""
            scoring.rspamd.url=http://rspamd.internal:11333
            scoring.rspamd.password=s3cret
            scoring.rspamd.connectTimeout=2s
            scoring.rspamd.timeout=8s
            scoring.rspamd.maxSize=2000000
            scoring.rspamd.pointsPerUnit=3
            scoring.rspamd.min=0
            scoring.rspamd.max=45
            """);

        assertThat(GatehouseExternalEnginesModule.rspamdSettings(configuration)).contains(new RspamdSettings(
            URI.create("http://rspamd.internal:11333"), Optional.of("s3cret"), Duration.ofSeconds(2), Duration.ofSeconds(8), 2000000,
            new EngineScoreMapping(3, 0, 45)));
    }

    @Test
    void rspamdSettingsShouldUseTheDefaultsWhenOnlyTheUrlIsSet() throws Exception {
        assertThat(GatehouseExternalEnginesModule.rspamdSettings(configuration("scoring.rspamd.url=http://127.0.0.1:11333\n")))
            .contains(RspamdSettings.forUrl("http://127.0.0.1:11333"));
        assertThat(GatehouseExternalEnginesModule.rspamdSettings(configuration("scoring.rspamd.password=x\n"))).isEmpty();
    }

    @Test
    void forServerShouldFailWithTheKeyWhenAValueIsBad() throws IOException {
        assertThatThrownBy(() -> GatehouseExternalEnginesModule.forServer(server("scoring.spamd.address=127.0.0.1\nscoring.spamd.max=200\n")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("scoring.spamd.*").hasMessageContaining("max must be from 0 to 100");
        assertThatThrownBy(() -> GatehouseExternalEnginesModule.forServer(server("scoring.rspamd.url=http://r\nscoring.rspamd.min=low\n")))
            .hasMessageContaining("scoring.rspamd.min must be a number, got low");
        assertThatThrownBy(() -> GatehouseExternalEnginesModule.forServer(server("scoring.rspamd.url=ftp://r\n")))
            .hasMessageContaining("scoring.rspamd.*").hasMessageContaining("http or https");
    }
}
