package org.gatehouse.pipeline;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.gatehouse.pipeline.harness.ShippedConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The reports' mixed load ({@link ReportsPipelineContract}) with the gateway in PostgreSQL mode. */
@EnabledIfSystemProperty(named = "gatehouse.test.postgresql.url", matches = ".+")
class PostgresqlReportsPipelineTest implements ReportsPipelineContract {
    private static final String URL = System.getProperty("gatehouse.test.postgresql.url");

    @TempDir
    Path workDir;
    String database;

    @Override
    public Path dataDir() throws Exception {
        database = "gh_reports_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        Path dataDir = workDir.resolve("gateway");
        ShippedConfiguration.write(dataDir, "gatehouse.properties",
            "store.jdbc.url=" + URL.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1") + "\n");
        return dataDir;
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            admin("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
