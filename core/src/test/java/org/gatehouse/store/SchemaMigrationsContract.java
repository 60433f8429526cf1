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
            return null;
        });
        undoMigrationNine(database());
        database().inTransaction(connection -> {
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

    @Test
    default void migrationSevenShouldGiveTheRefusalsRecordedBeforeItTheDataStageTheirRuleIdsAndTenants() {
        undoMigrationSeven(database());
        database().inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String[] row : new String[][] {
                    {"accepted", "delivered", "[\"SPF_PASS (spf=pass)\"]", "250 OK"},
                    {"spam", "rejected", "[\"SCORE 100\",\"REJECTED at the end of DATA: spam score 100 (category spam), rules GTUBE\"]",
                        "550 5.7.1 Message refused as spam (score 100, rules GTUBE)"},
                    {"deep", "rejected", "[\"REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT (MIME parts nested deeper than 25 levels)\"]",
                        "554 5.6.0 Message refused: MIME parts nested deeper than 25 levels"},
                    {"relay", "rejected", "[\"relay attempt\"]", "550 relaying denied"}}) {
                    statement.execute("INSERT INTO gh_message_log (id, received_at, updated_at, direction, tenant_id, sender, size_bytes,"
                        + " disposition, reasons) VALUES ('" + row[0] + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'inbound', 'acme',"
                        + " 'a@sender.example', 1, '" + row[1] + "', '" + row[2] + "')");
                    statement.execute("INSERT INTO gh_message_recipient (log_id, recipient, status, detail) VALUES ('" + row[0]
                        + "', 'bob@acme.example', '" + row[1] + "', '" + row[3] + "')");
                }
            }
            return null;
        });

        new SchemaMigrations(database()).migrate();

        org.gatehouse.messagelog.JdbcMessageLog log = new org.gatehouse.messagelog.JdbcMessageLog(database());
        assertThat(log.get("accepted").orElseThrow().stage()).isEqualTo(org.gatehouse.messagelog.Stage.QUEUE);
        assertThat(log.get("accepted").orElseThrow().refusal()).isEmpty();
        assertThat(log.get("relay").orElseThrow().stage()).isEqualTo(org.gatehouse.messagelog.Stage.QUEUE);
        assertThat(log.get("spam").orElseThrow()).satisfies(record -> {
            assertThat(record.stage()).isEqualTo(org.gatehouse.messagelog.Stage.DATA);
            assertThat(record.ruleIds()).containsExactly("SPAM_SCORE_REJECT");
            assertThat(record.refusal()).hasValueSatisfying(refusal -> {
                assertThat(refusal.reply()).isEqualTo("550 5.7.1 Message refused as spam (score 100, rules GTUBE)");
                assertThat(refusal.tenants()).extracting(TenantId::asString).containsExactly("acme");
                assertThat(refusal.count()).isEqualTo(1);
            });
        });
        assertThat(log.get("deep").orElseThrow().ruleIds()).containsExactly("MIME_STRUCTURE_LIMIT");
        assertThat(recordedVersions(database())).contains(7);
    }

    /** The schema as version 6 left it (what a gateway upgraded to version 7 starts from). */
    @Test
    default void migrationNineShouldLetTheRollupsCountTheRecordsWrittenBeforeIt() {
        undoMigrationNine(database());
        database().inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO gh_message_log (id, received_at, updated_at, direction, tenant_id, sender, size_bytes,"
                    + " disposition, reasons) VALUES ('old', {ts '2026-01-05 10:00:00'}, {ts '2026-01-05 10:00:02'}, 'inbound', 'acme',"
                    + " 'a@sender.example', 1, 'delivered', '[]')");
            }
            return null;
        });

        new SchemaMigrations(database()).migrate();
        new org.gatehouse.reports.JdbcRollups(database()).catchUp(java.time.Instant.EPOCH);

        org.gatehouse.reports.SummaryReport summary = new org.gatehouse.reports.JdbcReports(database()).summary(
            new org.gatehouse.reports.ReportQuery(java.util.Optional.of("acme"), java.util.Optional.empty(),
                java.time.Instant.parse("2026-01-05T00:00:00Z"), java.time.Instant.parse("2026-01-06T00:00:00Z"), java.time.ZoneOffset.UTC),
            org.gatehouse.reports.Granularity.DAY);
        assertThat(summary.totals().get(org.gatehouse.reports.Outcome.DELIVERED_CLEAN)).isEqualTo(1);
    }

    /** Back to schema version 8: the reports' tables and the message log's changed_at dropped. */
    private static void undoMigrationNine(Database database) {
        undoMigrationTen(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String table : List.of("gh_rollup_hour", "gh_rollup_delay", "gh_rollup_top", "gh_rollup_day", "gh_rollup_state",
                    "gh_report_run")) {
                    statement.execute("DROP TABLE " + table);
                }
                statement.execute("DROP INDEX gh_message_log_changed");
                statement.execute("ALTER TABLE gh_message_log DROP COLUMN changed_at");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 9");
            }
            return null;
        });
    }

    /** Back to schema version 9: the administration tables dropped. */
    private static void undoMigrationTen(Database database) {
        undoMigrationEleven(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String table : List.of("gh_audit", "gh_api_token", "gh_account_tenant", "gh_account")) {
                    statement.execute("DROP TABLE " + table);
                }
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 10");
            }
            return null;
        });
    }

    /** Back to schema version 10: the recipient list dropped. */
    private static void undoMigrationEleven(Database database) {
        undoMigrationTwelve(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_recipient");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 11");
            }
            return null;
        });
    }

    /** Back to schema version 11: the submission accounts dropped. */
    private static void undoMigrationTwelve(Database database) {
        undoMigrationThirteen(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_submission_account");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 12");
            }
            return null;
        });
    }

    /** Back to schema version 12: the outbound volumes dropped. */
    private static void undoMigrationThirteen(Database database) {
        undoMigrationFourteen(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_outbound_volume");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 13");
            }
            return null;
        });
    }

    /** Back to schema version 13: the DKIM keys dropped. */
    private static void undoMigrationFourteen(Database database) {
        undoMigrationFifteen(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_dkim_key");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 14");
            }
            return null;
        });
    }

    /** Back to schema version 14: the operator's token classifier model dropped. */
    private static void undoMigrationFifteen(Database database) {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_bayes_shared_message");
                statement.execute("DROP TABLE gh_bayes_shared_totals");
                statement.execute("DROP TABLE gh_bayes_shared_token");
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 15");
            }
            return null;
        });
    }

    private static void undoMigrationSeven(Database database) {
        undoMigrationNine(database);
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE gh_message_rule");
                statement.execute("DROP TABLE gh_message_tenant");
                statement.execute("DROP INDEX gh_message_log_stage");
                for (String column : List.of("stage", "reply", "refusals", "aggregated")) {
                    statement.execute("ALTER TABLE gh_message_log DROP COLUMN " + column);
                }
                statement.execute("DELETE FROM gh_schema_history WHERE version >= 7");
            }
            return null;
        });
    }
}
