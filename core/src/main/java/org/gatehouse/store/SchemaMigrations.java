package org.gatehouse.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied in order at start, each in its own transaction and recorded in
 * {@code gh_schema_history}. A migration is never edited once released: changes are new migrations.
 */
public class SchemaMigrations {
    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaMigrations.class);

    /** Rewrites stored data inside the migration's transaction, after its statements. */
    @FunctionalInterface
    interface DataStep {
        void apply(Connection connection) throws SQLException;
    }

    record Migration(int version, String description, Function<SqlDialect, List<String>> statements, DataStep data) {
        Migration(int version, String description, Function<SqlDialect, List<String>> statements) {
            this(version, description, statements, connection -> { });
        }
    }

    static final List<Migration> MIGRATIONS = List.of(
        new Migration(1, "tenants, domains, relay clients, policy versions, message log", dialect -> List.of(
            "CREATE TABLE gh_tenant ("
                + " id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " name VARCHAR(200) NOT NULL,"
                + " downstream_host VARCHAR(253) NOT NULL,"
                + " downstream_port INTEGER NOT NULL,"
                + " downstream_require_tls " + dialect.smallInt() + " NOT NULL,"
                + " created_at TIMESTAMP NOT NULL,"
                + " updated_at TIMESTAMP NOT NULL)",
            "CREATE TABLE gh_tenant_domain ("
                + " domain VARCHAR(253) NOT NULL PRIMARY KEY,"
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " position INTEGER NOT NULL)",
            "CREATE INDEX gh_tenant_domain_tenant ON gh_tenant_domain(tenant_id)",
            "CREATE TABLE gh_relay_client ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " cidr VARCHAR(64) NOT NULL,"
                + " position INTEGER NOT NULL,"
                + " PRIMARY KEY (tenant_id, cidr))",
            "CREATE TABLE gh_policy_version ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " version INTEGER NOT NULL,"
                + " document " + dialect.text() + " NOT NULL,"
                + " created_at TIMESTAMP NOT NULL,"
                + " author VARCHAR(200) NOT NULL,"
                + " comment VARCHAR(500),"
                + " PRIMARY KEY (tenant_id, version))",
            "CREATE TABLE gh_message_log ("
                + " id VARCHAR(36) NOT NULL PRIMARY KEY,"
                + " received_at TIMESTAMP NOT NULL,"
                + " updated_at TIMESTAMP NOT NULL,"
                + " direction VARCHAR(16) NOT NULL,"
                + " tenant_id VARCHAR(64),"
                + " sender VARCHAR(320) NOT NULL,"
                + " client_ip VARCHAR(64),"
                + " helo VARCHAR(255),"
                + " size_bytes BIGINT NOT NULL,"
                + " message_id VARCHAR(998),"
                + " disposition VARCHAR(32) NOT NULL,"
                + " reasons " + dialect.text() + " NOT NULL)",
            "CREATE INDEX gh_message_log_received ON gh_message_log(received_at)",
            "CREATE INDEX gh_message_log_sender ON gh_message_log(sender)",
            "CREATE TABLE gh_message_recipient ("
                + " log_id VARCHAR(36) NOT NULL REFERENCES gh_message_log(id) ON DELETE CASCADE,"
                + " recipient VARCHAR(320) NOT NULL,"
                + " status VARCHAR(32) NOT NULL,"
                + " detail VARCHAR(2000),"
                + " PRIMARY KEY (log_id, recipient))",
            "CREATE INDEX gh_message_recipient_rcpt ON gh_message_recipient(recipient)")),
        new Migration(2, "global policy versions (the operator's sender allow and block lists)", dialect -> List.of(
            "CREATE TABLE gh_global_policy_version ("
                + " version INTEGER NOT NULL PRIMARY KEY,"
                + " document " + dialect.text() + " NOT NULL,"
                + " created_at TIMESTAMP NOT NULL,"
                + " author VARCHAR(200) NOT NULL,"
                + " comment VARCHAR(500))")),
        new Migration(3, "token classifier statistics per tenant (tokens by hash, message totals, learnt messages)", dialect -> List.of(
            // the hash leads the key: Derby probes an index for an IN list only on its first column
            "CREATE TABLE gh_bayes_token ("
                + " token_hash BIGINT NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " spam_count INTEGER NOT NULL,"
                + " ham_count INTEGER NOT NULL,"
                + " PRIMARY KEY (token_hash, tenant_id))",
            "CREATE INDEX gh_bayes_token_tenant ON gh_bayes_token(tenant_id)",
            "CREATE TABLE gh_bayes_totals ("
                + " tenant_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " spam_messages INTEGER NOT NULL,"
                + " ham_messages INTEGER NOT NULL)",
            "CREATE TABLE gh_bayes_message ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " fingerprint CHAR(64) NOT NULL,"
                + " label VARCHAR(4) NOT NULL,"
                + " learnt_at TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (tenant_id, fingerprint))")),
        new Migration(4, "rate control: shared sliding-window counters and the rate-limited attempts per client IP", dialect -> List.of(
            "CREATE TABLE gh_rate_key (rate_key VARCHAR(200) NOT NULL PRIMARY KEY)",
            "CREATE TABLE gh_rate_event (rate_key VARCHAR(200) NOT NULL, event_at TIMESTAMP NOT NULL)",
            "CREATE INDEX gh_rate_event_key_at ON gh_rate_event(rate_key, event_at)",
            "CREATE TABLE gh_rate_refusal ("
                + " client_ip VARCHAR(64) NOT NULL,"
                + " direction VARCHAR(16) NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " hour_start TIMESTAMP NOT NULL,"
                + " attempts BIGINT NOT NULL,"
                + " last_at TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (client_ip, direction, tenant_id, hour_start))")),
        new Migration(5, "message log: how each message reached the gateway (TLS protocol and cipher, or none)", dialect -> List.of(
            "ALTER TABLE gh_message_log ADD COLUMN tls VARCHAR(100)")),
        new Migration(6, "quarantine: the one final action per entry, signing keys, used action tokens, digest runs", dialect -> List.of(
            "CREATE TABLE gh_quarantine_action ("
                + " entry_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " action VARCHAR(16) NOT NULL,"
                + " actor VARCHAR(320) NOT NULL,"
                + " acted_at TIMESTAMP NOT NULL,"
                + " detail VARCHAR(2000))",
            "CREATE TABLE gh_quarantine_key ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " key_id INTEGER NOT NULL,"
                + " secret VARCHAR(128) NOT NULL,"
                + " created_at TIMESTAMP NOT NULL,"
                + " retired_at TIMESTAMP,"
                + " PRIMARY KEY (tenant_id, key_id))",
            "CREATE TABLE gh_quarantine_token_use ("
                + " token_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " used_at TIMESTAMP NOT NULL,"
                + " expires_at TIMESTAMP NOT NULL)",
            "CREATE TABLE gh_quarantine_digest ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " recipient VARCHAR(320) NOT NULL,"
                + " last_sent_at TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (tenant_id, recipient))")),
        new Migration(7, "message log: the SMTP stage of every record, and the reply, rule ids, tenants and count of refusals made"
            + " in the SMTP dialogue", dialect -> List.of(
            "ALTER TABLE gh_message_log ADD COLUMN stage VARCHAR(16) DEFAULT 'queue' NOT NULL",
            "ALTER TABLE gh_message_log ADD COLUMN reply VARCHAR(2000)",
            "ALTER TABLE gh_message_log ADD COLUMN refusals INTEGER DEFAULT 0 NOT NULL",
            "ALTER TABLE gh_message_log ADD COLUMN aggregated " + dialect.smallInt() + " DEFAULT 0 NOT NULL",
            "CREATE INDEX gh_message_log_stage ON gh_message_log(stage, received_at)",
            "CREATE TABLE gh_message_rule ("
                + " log_id VARCHAR(36) NOT NULL REFERENCES gh_message_log(id) ON DELETE CASCADE,"
                + " rule_id VARCHAR(64) NOT NULL,"
                + " position INTEGER NOT NULL,"
                + " PRIMARY KEY (log_id, rule_id))",
            "CREATE INDEX gh_message_rule_rule ON gh_message_rule(rule_id)",
            "CREATE TABLE gh_message_tenant ("
                + " log_id VARCHAR(36) NOT NULL REFERENCES gh_message_log(id) ON DELETE CASCADE,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " position INTEGER NOT NULL,"
                + " PRIMARY KEY (log_id, tenant_id))",
            "CREATE INDEX gh_message_tenant_tenant ON gh_message_tenant(tenant_id)",
            // the refusals recorded before this version: the spam score's 550 and the MIME structure's 554 (or 500), at DATA
            "UPDATE gh_message_log SET stage = 'data', refusals = 1,"
                + " reply = (SELECT MAX(r.detail) FROM gh_message_recipient r WHERE r.log_id = gh_message_log.id)"
                + " WHERE disposition = 'rejected' AND reasons LIKE '%REJECTED at the end of DATA: %'",
            "INSERT INTO gh_message_rule (log_id, rule_id, position) SELECT id, 'MIME_STRUCTURE_LIMIT', 0 FROM gh_message_log"
                + " WHERE stage = 'data' AND reasons LIKE '%REJECTED at the end of DATA: MIME_STRUCTURE_LIMIT%'",
            "INSERT INTO gh_message_rule (log_id, rule_id, position) SELECT id, 'SMTP_LINE_TOO_LONG', 0 FROM gh_message_log"
                + " WHERE stage = 'data' AND reasons LIKE '%REJECTED at the end of DATA: SMTP_LINE_TOO_LONG%'",
            "INSERT INTO gh_message_rule (log_id, rule_id, position) SELECT id, 'SPAM_SCORE_REJECT', 0 FROM gh_message_log"
                + " WHERE stage = 'data' AND reasons LIKE '%REJECTED at the end of DATA: spam score%'",
            "INSERT INTO gh_message_tenant (log_id, tenant_id, position) SELECT id, tenant_id, 0 FROM gh_message_log"
                + " WHERE stage = 'data' AND tenant_id IS NOT NULL")),
        new Migration(8, "one action vocabulary: 'reject' in stored policies (sender, phishing) becomes 'block'", dialect -> List.of(),
            org.gatehouse.policy.PolicyActionRename::migrate),
        new Migration(9, "reports: when each message-log record was last written, rollups by tenant, direction, hour and outcome,"
            + " delivery delays, daily top lists, the rollup job's watermark, and the scheduled reports sent", dialect -> List.of(
            "ALTER TABLE gh_message_log ADD COLUMN changed_at TIMESTAMP",
            "UPDATE gh_message_log SET changed_at = updated_at",
            "CREATE INDEX gh_message_log_changed ON gh_message_log(changed_at)",
            "CREATE TABLE gh_rollup_hour ("
                + " hour_start TIMESTAMP NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " direction VARCHAR(16) NOT NULL,"
                + " outcome VARCHAR(32) NOT NULL,"
                + " messages BIGINT NOT NULL,"
                + " PRIMARY KEY (hour_start, tenant_id, direction, outcome))",
            "CREATE INDEX gh_rollup_hour_tenant ON gh_rollup_hour(tenant_id, hour_start)",
            "CREATE TABLE gh_rollup_delay ("
                + " hour_start TIMESTAMP NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " direction VARCHAR(16) NOT NULL,"
                + " bucket " + dialect.smallInt() + " NOT NULL,"
                + " messages BIGINT NOT NULL,"
                + " PRIMARY KEY (hour_start, tenant_id, direction, bucket))",
            "CREATE INDEX gh_rollup_delay_tenant ON gh_rollup_delay(tenant_id, hour_start)",
            "CREATE TABLE gh_rollup_top ("
                + " day_start TIMESTAMP NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " direction VARCHAR(16) NOT NULL,"
                + " dimension VARCHAR(16) NOT NULL,"
                + " item VARCHAR(320) NOT NULL,"
                + " messages BIGINT NOT NULL,"
                + " PRIMARY KEY (day_start, tenant_id, direction, dimension, item))",
            "CREATE INDEX gh_rollup_top_tenant ON gh_rollup_top(tenant_id, dimension, day_start)",
            "CREATE TABLE gh_rollup_day ("
                + " day_start TIMESTAMP NOT NULL PRIMARY KEY,"
                + " dirty " + dialect.smallInt() + " NOT NULL,"
                + " computed_at TIMESTAMP)",
            "CREATE TABLE gh_rollup_state (name VARCHAR(32) NOT NULL PRIMARY KEY, watermark TIMESTAMP NOT NULL)",
            "INSERT INTO gh_rollup_state (name, watermark) VALUES ('messages', {ts '1970-01-01 00:00:00'})",
            "CREATE TABLE gh_report_run ("
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " period_key VARCHAR(40) NOT NULL,"
                + " sent_at TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (tenant_id, period_key))")),
        new Migration(10, "administration: accounts with their role and tenants, API tokens (hashed), and the append-only audit log",
            dialect -> List.of(
            "CREATE TABLE gh_account ("
                + " login VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " role VARCHAR(16) NOT NULL,"
                + " password_hash VARCHAR(200),"
                + " created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE gh_account_tenant ("
                + " login VARCHAR(64) NOT NULL,"
                + " tenant_id VARCHAR(64) NOT NULL,"
                + " PRIMARY KEY (login, tenant_id))",
            "CREATE TABLE gh_api_token ("
                + " id VARCHAR(32) NOT NULL PRIMARY KEY,"
                + " login VARCHAR(64) NOT NULL,"
                + " secret_hash VARCHAR(64) NOT NULL,"
                + " description VARCHAR(200),"
                + " created_at TIMESTAMP NOT NULL,"
                + " expires_at TIMESTAMP,"
                + " revoked_at TIMESTAMP,"
                + " last_used_at TIMESTAMP)",
            "CREATE INDEX gh_api_token_login ON gh_api_token(login)",
            "CREATE TABLE gh_audit ("
                + " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " occurred_at TIMESTAMP NOT NULL,"
                + " account VARCHAR(64),"
                + " role VARCHAR(16),"
                + " client_ip VARCHAR(64),"
                + " tenant_id VARCHAR(64),"
                + " action VARCHAR(200) NOT NULL,"
                + " target VARCHAR(320),"
                + " status INTEGER NOT NULL,"
                + " before_value " + dialect.text() + ","
                + " after_value " + dialect.text() + ")",
            "CREATE INDEX gh_audit_at ON gh_audit(occurred_at)",
            "CREATE INDEX gh_audit_tenant ON gh_audit(tenant_id, id)",
            "CREATE INDEX gh_audit_account ON gh_audit(account, id)")),
        new Migration(11, "recipient validation: the addresses and aliases each tenant in mode 'list' accepts", dialect -> List.of(
            "CREATE TABLE gh_recipient ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " address VARCHAR(320) NOT NULL,"
                + " alias_of VARCHAR(320),"
                + " comment VARCHAR(200),"
                + " PRIMARY KEY (tenant_id, address))")),
        new Migration(12, "authenticated submission: each tenant's SMTP AUTH accounts, their passwords hashed", dialect -> List.of(
            "CREATE TABLE gh_submission_account ("
                + " login VARCHAR(320) NOT NULL PRIMARY KEY,"
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " password_hash VARCHAR(200) NOT NULL,"
                + " created_at TIMESTAMP NOT NULL)",
            "CREATE INDEX gh_submission_account_tenant ON gh_submission_account(tenant_id)")),
        new Migration(13, "outbound abuse control: each sender's outbound messages and spam by the hour, its own baseline", dialect -> List.of(
            "CREATE TABLE gh_outbound_volume ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " sender VARCHAR(320) NOT NULL,"
                + " hour_start TIMESTAMP NOT NULL,"
                + " messages INTEGER NOT NULL,"
                + " spam INTEGER NOT NULL,"
                + " PRIMARY KEY (tenant_id, sender, hour_start))")),
        new Migration(14, "outbound DKIM signing: each tenant's keys per domain and selector, the private key as PKCS#8", dialect -> List.of(
            "CREATE TABLE gh_dkim_key ("
                + " tenant_id VARCHAR(64) NOT NULL REFERENCES gh_tenant(id) ON DELETE CASCADE,"
                + " domain VARCHAR(253) NOT NULL,"
                + " selector VARCHAR(63) NOT NULL,"
                + " state VARCHAR(16) NOT NULL,"
                + " public_key VARCHAR(2000) NOT NULL,"
                + " private_key VARCHAR(4000) NOT NULL,"
                + " created_at TIMESTAMP NOT NULL,"
                + " activated_at TIMESTAMP,"
                + " retired_at TIMESTAMP,"
                + " PRIMARY KEY (tenant_id, domain, selector))")),
        new Migration(15, "token classifier: the operator's model, learnt from every tenant's decisions and imported mail folders",
            dialect -> List.of(
                // the same shape as the tenants' tables (migration 3), keyed by a model id instead of a tenant
                "CREATE TABLE gh_bayes_shared_token ("
                    + " token_hash BIGINT NOT NULL,"
                    + " model_id VARCHAR(64) NOT NULL,"
                    + " spam_count INTEGER NOT NULL,"
                    + " ham_count INTEGER NOT NULL,"
                    + " PRIMARY KEY (token_hash, model_id))",
                "CREATE TABLE gh_bayes_shared_totals ("
                    + " model_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " spam_messages INTEGER NOT NULL,"
                    + " ham_messages INTEGER NOT NULL)",
                "CREATE TABLE gh_bayes_shared_message ("
                    + " model_id VARCHAR(64) NOT NULL,"
                    + " fingerprint CHAR(64) NOT NULL,"
                    + " label VARCHAR(4) NOT NULL,"
                    + " learnt_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (model_id, fingerprint))",
                // the row learners lock, there from the start so that the first learners need not race to insert it
                "INSERT INTO gh_bayes_shared_totals (model_id, spam_messages, ham_messages) VALUES ('operator', 0, 0)")));

    private final Database database;

    public SchemaMigrations(Database database) {
        this.database = database;
    }

    public int migrate() {
        database.inTransaction(this::createHistoryTableIfMissing);
        int current = database.inTransaction(this::currentVersion);
        for (Migration migration : MIGRATIONS) {
            if (migration.version() > current) {
                database.inTransaction(connection -> apply(connection, migration));
                LOGGER.info("Gatehouse store migrated to schema version {}: {}", migration.version(), migration.description());
                current = migration.version();
            }
        }
        return current;
    }

    private Void createHistoryTableIfMissing(Connection connection) throws SQLException {
        String table = database.dialect() == SqlDialect.DERBY ? "GH_SCHEMA_HISTORY" : "gh_schema_history";
        DatabaseMetaData metaData = connection.getMetaData();
        // Only the connection's own schema counts: another schema of the same database may hold another Gatehouse
        String schema = connection.getSchema();
        try (ResultSet tables = metaData.getTables(null, schema == null ? null : escapePattern(metaData, schema),
            escapePattern(metaData, table), null)) {
            if (tables.next()) {
                return null;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE gh_schema_history (version INTEGER NOT NULL PRIMARY KEY,"
                + " description VARCHAR(500) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        return null;
    }

    private static String escapePattern(DatabaseMetaData metaData, String name) throws SQLException {
        String escape = metaData.getSearchStringEscape();
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery("SELECT MAX(version) FROM gh_schema_history")) {
            resultSet.next();
            return resultSet.getInt(1);
        }
    }

    private Void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements().apply(database.dialect())) {
                statement.execute(sql);
            }
        }
        migration.data().apply(connection);
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_schema_history (version, description, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            SqlTimestamps.set(insert, 3, Instant.now());
            insert.executeUpdate();
        }
        return null;
    }
}
