package org.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;
import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.webadmin.WebAdminRequestHygiene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatehouseWebAdminModuleTest {
    @TempDir
    Path root;

    private GatehouseConfiguration configuration(String properties) throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/gatehouse.properties"), properties);
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(root.toString()));
        return new GatehouseConfiguration(new PropertiesProvider(fileSystem,
            new Configuration.ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF)));
    }

    @Test
    void settingsShouldBeTheDefaultsWhenTheShippedFileIsUsed() throws Exception {
        String shipped = new String(getClass().getClassLoader().getResourceAsStream(GatehouseLauncher.CONFIGURATION_RESOURCE + "/gatehouse.properties").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

        WebAdminRequestHygiene.Settings settings = GatehouseWebAdminModule.settings(configuration(shipped), "127.0.0.1");

        assertThat(settings).isEqualTo(WebAdminRequestHygiene.Settings.defaults("127.0.0.1"));
        assertThat(settings.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(settings.maxImportBodySize()).isEqualTo(50L * 1024 * 1024);
        assertThat(new GatehouseStoreModule().tenantLimits(configuration(shipped))).isEqualTo(TenantLimits.DEFAULT);
    }

    @Test
    void settingsShouldReadEveryKeyWhenSet() throws Exception {
        WebAdminRequestHygiene.Settings settings = GatehouseWebAdminModule.settings(configuration("""
            webadmin.allowedHosts=admin.example.net, localhost:8000
            webadmin.allowedOrigins=https://console.example.net
            webadmin.maxBodySize=64K
            webadmin.maxImportBodySize=2M
            """), "0.0.0.0");

        assertThat(settings).isEqualTo(new WebAdminRequestHygiene.Settings(List.of("admin.example.net", "localhost:8000"),
            List.of("https://console.example.net"), 64 * 1024, 2 * 1024 * 1024));
    }

    @Test
    void settingsShouldBeRefusedNamingTheKeyWhenAValueIsWrong() throws Exception {
        assertThatThrownBy(() -> GatehouseWebAdminModule.settings(configuration("webadmin.maxBodySize=lots\n"), "127.0.0.1"))
            .hasMessageContaining("webadmin.maxBodySize");
        assertThatThrownBy(() -> GatehouseWebAdminModule.settings(configuration("webadmin.allowedOrigins=null\n"), "127.0.0.1"))
            .hasMessageContaining("webadmin.allowedOrigins");
        assertThatThrownBy(() -> new GatehouseStoreModule().tenantLimits(configuration("tenant.maxDomains=0\n")))
            .hasMessageContaining("tenant.maxDomains");
        assertThatThrownBy(() -> new GatehouseStoreModule().tenantLimits(configuration("senderLists.maxEntries=200000\n")))
            .hasMessageContaining("senderLists.maxEntries");
    }
}
