package org.gatehouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** How the schema of every supported database is migrated; implemented by the Derby and PostgreSQL store tests. */
public interface SchemaMigrationsContract {
    Tenant ACME = Tenant.of(TenantId.of("acme"), "Acme", List.of(DomainName.of("acme.example")),
        Downstream.of("mx.acme.example", 25, false), List.of());

    /** A database already opened, hence migrated. */
    Database database();

    /** Opens the same database server in another, empty schema; closed by the implementation after the test. */
    Database openInAnotherSchema() throws Exception;

    static int latestVersion() {
        return SchemaMigrations.MIGRATIONS.stream().mapToInt(SchemaMigrations.Migration::version).max().orElseThrow();
    }

    static List<Integer> recordedVersions(Database database) {
        return database.inTransaction(connection -> {
            List<Integer> versions = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet resultSet = statement.executeQuery(
                     "SELECT version, description, applied_at FROM gh_schema_history ORDER BY version")) {
                while (resultSet.next()) {
                    assertThat(resultSet.getString(2)).isNotBlank();
                    assertThat(resultSet.getTimestamp(3)).isNotNull();
                    versions.add(resultSet.getInt(1));
                }
            }
            return versions;
        });
    }

    @Test
    default void openShouldRecordEveryMigrationOnce() {
        assertThat(recordedVersions(database()))
            .containsExactlyElementsOf(SchemaMigrations.MIGRATIONS.stream().map(SchemaMigrations.Migration::version).toList());
    }

    @Test
    default void migrateShouldReturnTheLatestVersion() {
        assertThat(new SchemaMigrations(database()).migrate()).isEqualTo(latestVersion());
    }

    @Test
    default void migrateShouldBeANoOpWhenSchemaIsCurrent() {
        new SchemaMigrations(database()).migrate();
        new SchemaMigrations(database()).migrate();

        assertThat(recordedVersions(database())).hasSize(SchemaMigrations.MIGRATIONS.size());
    }

    @Test
    default void migrateShouldRenameRejectToBlockInStoredPolicies() {
        new JdbcTenantStore(database()).save(ACME);
        String old = "{\"sender\":{\"blockAction\":\"reject\",\"dmarc\":{\"actions\":{\"fail\":{\"action\":\"reject\"}}}},"
            + "\"phishing\":{\"action\":\"reject\"},\"content\":{\"denyFamilies\":[\"executable\"]}}";
        database().inTransaction(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO gh_policy_version (tenant_id, version, document, created_at, author)"
                + " VALUES ('acme', 7, ?, CURRENT_TIMESTAMP, 'before')")) {
                insert.setString(1, old);
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM gh_schema_history WHERE version >= 8");
            }
            return null;
        });

        new SchemaMigrations(database()).migrate();

        String migrated = database().inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT document FROM gh_policy_version WHERE tenant_id = 'acme' AND version = 7")) {
                row.next();
                return row.getString(1);
            }
        });
        assertThat(migrated).doesNotContain("reject").contains("\"blockAction\":\"block\"").contains("\"phishing\":{\"action\":\"block\"}")
            .contains("\"fail\":{\"action\":\"block\"}").contains("\"denyFamilies\":[\"executable\"]");
        assertThat(recordedVersions(database())).contains(8);
    }

    @Test
    default void migrateShouldKeepStoredData() {
        new JdbcTenantStore(database()).save(ACME);

        new SchemaMigrations(database()).migrate();

        assertThat(new JdbcTenantStore(database()).list()).containsExactly(ACME);
    }

    @Test
    default void openShouldCreateTheSchemaWhenAnotherSchemaAlreadyHasIt() throws Exception {
        new JdbcTenantStore(database()).save(ACME);

        Database other = openInAnotherSchema();

        assertThat(recordedVersions(other)).hasSize(SchemaMigrations.MIGRATIONS.size());
        assertThat(new JdbcTenantStore(other).list()).isEmpty();
    }
}
