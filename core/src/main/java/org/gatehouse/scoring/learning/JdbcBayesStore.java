package org.gatehouse.scoring.learning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;

/**
 * Token statistics in the policy database: a tenant's in {@code gh_bayes_token}, {@code gh_bayes_totals},
 * {@code gh_bayes_message} (schema version 3; deleted with their tenant), the operator's model in the same shape in
 * {@code gh_bayes_shared_*} (version 15), keyed by {@code model_id} instead of {@code tenant_id}. Learning locks the
 * tenant's row (the operator model's totals row), so learners of one model take turns and each sees what the previous
 * one counted. Reads for scoring are dirty reads: statistics a learner is changing are good enough, and scoring never
 * waits for a learner.
 */
public class JdbcBayesStore implements BayesStore {
    // one statement text whatever the number of tokens: the last chunk is padded by repeating a hash
    static final int CHUNK = 200;
    /** The operator model's key in the {@code gh_bayes_shared_*} tables (its totals row is created by the migration). */
    static final String OPERATOR_MODEL_ID = "operator";

    /** The tables of one kind of model, and the column naming the model in each. */
    private record Tables(String token, String totals, String message, String key) {
        String countsSql() {
            return "SELECT token_hash, spam_count, ham_count FROM " + token + " WHERE " + key + " = ? AND token_hash IN ("
                + "?, ".repeat(CHUNK - 1) + "?)";
        }
    }

    private static final Tables TENANT_TABLES = new Tables("gh_bayes_token", "gh_bayes_totals", "gh_bayes_message", "tenant_id");
    private static final Tables OPERATOR_TABLES = new Tables("gh_bayes_shared_token", "gh_bayes_shared_totals",
        "gh_bayes_shared_message", "model_id");
    private static final String TENANT_COUNTS_SQL = TENANT_TABLES.countsSql();
    private static final String OPERATOR_COUNTS_SQL = OPERATOR_TABLES.countsSql();

    private final Database database;
    private final Clock clock;

    @Inject
    public JdbcBayesStore(Database database) {
        this(database, Clock.systemUTC());
    }

    public JdbcBayesStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public LearnOutcome learn(BayesModel model, String fingerprint, Label label, Set<Long> tokenHashes) {
        return database.inTransaction(connection -> {
            lock(connection, model);
            Optional<Label> learnt = learntLabel(connection, model, fingerprint);
            if (learnt.equals(Optional.of(label))) {
                return LearnOutcome.ALREADY_KNOWN;
            }
            // a relabelled message leaves the other label's counts as it joins this one's
            int leaving = learnt.isPresent() ? -1 : 0;
            int spamDelta = label == Label.SPAM ? 1 : leaving;
            int hamDelta = label == Label.HAM ? 1 : leaving;
            addToTokens(connection, model, tokenHashes, spamDelta, hamDelta);
            addToTotals(connection, model, spamDelta, hamDelta);
            if (learnt.isPresent()) {
                relabelMessage(connection, model, fingerprint, label);
                return LearnOutcome.RELABELLED;
            }
            insertMessage(connection, model, fingerprint, label);
            return LearnOutcome.LEARNT;
        });
    }

    private static Tables tables(BayesModel model) {
        return model.isOperator() ? OPERATOR_TABLES : TENANT_TABLES;
    }

    private static String key(BayesModel model) {
        return model.tenant().map(TenantId::asString).orElse(OPERATOR_MODEL_ID);
    }

    /** The tenant's row, or the operator model's totals row: learners of one model take turns. */
    private static void lock(Connection connection, BayesModel model) throws SQLException {
        if (model.tenant().isPresent()) {
            if (!JdbcTenantStore.lockTenant(connection, model.tenant().get())) {
                throw new TenantService.UnknownTenantException(model.tenant().get());
            }
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(
            "UPDATE gh_bayes_shared_totals SET spam_messages = spam_messages WHERE model_id = ?")) {
            lock.setString(1, OPERATOR_MODEL_ID);
            if (lock.executeUpdate() == 0) {
                throw new IllegalStateException("The operator model's totals row is missing: schema migration 15 creates it");
            }
        }
    }

    private static Optional<Label> learntLabel(Connection connection, BayesModel model, String fingerprint) throws SQLException {
        Tables tables = tables(model);
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT label FROM " + tables.message() + " WHERE " + tables.key() + " = ? AND fingerprint = ?")) {
            select.setString(1, key(model));
            select.setString(2, fingerprint);
            try (ResultSet resultSet = select.executeQuery()) {
                return resultSet.next() ? Optional.of(Label.parse("label", resultSet.getString(1))) : Optional.empty();
            }
        }
    }

    private static void addToTokens(Connection connection, BayesModel model, Set<Long> tokenHashes, int spamDelta, int hamDelta)
        throws SQLException {
        Tables tables = tables(model);
        String key = key(model);
        Set<Long> existing = readCounts(connection, model, tokenHashes).keySet();
        // a token missing from a relabelled message's counts (the tokenizer changed since) never goes below 0
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.token() + " SET"
                + " spam_count = CASE WHEN spam_count + ? < 0 THEN 0 ELSE spam_count + ? END,"
                + " ham_count = CASE WHEN ham_count + ? < 0 THEN 0 ELSE ham_count + ? END"
                + " WHERE " + tables.key() + " = ? AND token_hash = ?");
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO " + tables.token() + " (" + tables.key() + ", token_hash, spam_count, ham_count) VALUES (?, ?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (long hash : tokenHashes) {
                if (existing.contains(hash)) {
                    update.setInt(1, spamDelta);
                    update.setInt(2, spamDelta);
                    update.setInt(3, hamDelta);
                    update.setInt(4, hamDelta);
                    update.setString(5, key);
                    update.setLong(6, hash);
                    update.addBatch();
                    updates = true;
                } else {
                    insert.setString(1, key);
                    insert.setLong(2, hash);
                    insert.setInt(3, Math.max(0, spamDelta));
                    insert.setInt(4, Math.max(0, hamDelta));
                    insert.addBatch();
                    inserts = true;
                }
            }
            if (updates) {
                update.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    private static void addToTotals(Connection connection, BayesModel model, int spamDelta, int hamDelta) throws SQLException {
        Tables tables = tables(model);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.totals()
            + " SET spam_messages = spam_messages + ?, ham_messages = ham_messages + ? WHERE " + tables.key() + " = ?")) {
            update.setInt(1, spamDelta);
            update.setInt(2, hamDelta);
            update.setString(3, key(model));
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        // the tenant's first message: no other learner can insert concurrently, the tenant row is locked
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + tables.totals() + " (" + tables.key() + ", spam_messages, ham_messages) VALUES (?, ?, ?)")) {
            insert.setString(1, key(model));
            insert.setInt(2, Math.max(0, spamDelta));
            insert.setInt(3, Math.max(0, hamDelta));
            insert.executeUpdate();
        }
    }

    private void insertMessage(Connection connection, BayesModel model, String fingerprint, Label label) throws SQLException {
        Tables tables = tables(model);
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + tables.message() + " (" + tables.key() + ", fingerprint, label, learnt_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key(model));
            insert.setString(2, fingerprint);
            insert.setString(3, label.asString());
            SqlTimestamps.set(insert, 4, clock.instant());
            insert.executeUpdate();
        }
    }

    private void relabelMessage(Connection connection, BayesModel model, String fingerprint, Label label) throws SQLException {
        Tables tables = tables(model);
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE " + tables.message() + " SET label = ?, learnt_at = ? WHERE " + tables.key() + " = ? AND fingerprint = ?")) {
            update.setString(1, label.asString());
            SqlTimestamps.set(update, 2, clock.instant());
            update.setString(3, key(model));
            update.setString(4, fingerprint);
            update.executeUpdate();
        }
    }

    @Override
    public TrainingTotals totals(BayesModel model) {
        Tables tables = tables(model);
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT spam_messages, ham_messages FROM " + tables.totals() + " WHERE " + tables.key() + " = ?")) {
                select.setString(1, key(model));
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next() ? new TrainingTotals(resultSet.getInt(1), resultSet.getInt(2)) : TrainingTotals.NONE;
                }
            }
        });
    }

    @Override
    public long tokenCount(BayesModel model) {
        Tables tables = tables(model);
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + tables.token() + " WHERE " + tables.key() + " = ?")) {
                select.setString(1, key(model));
                try (ResultSet resultSet = select.executeQuery()) {
                    resultSet.next();
                    return resultSet.getLong(1);
                }
            }
        });
    }

    @Override
    public Map<Long, TokenCounts> counts(BayesModel model, Collection<Long> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return Map.of();
        }
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            return readCounts(connection, model, tokenHashes);
        });
    }

    private static Map<Long, TokenCounts> readCounts(Connection connection, BayesModel model, Collection<Long> tokenHashes)
        throws SQLException {
        Map<Long, TokenCounts> counts = new HashMap<>();
        if (tokenHashes.isEmpty()) {
            return counts;
        }
        List<Long> hashes = new ArrayList<>(tokenHashes);
        String key = key(model);
        try (PreparedStatement select = connection.prepareStatement(model.isOperator() ? OPERATOR_COUNTS_SQL : TENANT_COUNTS_SQL)) {
            for (int start = 0; start < hashes.size(); start += CHUNK) {
                List<Long> chunk = hashes.subList(start, Math.min(hashes.size(), start + CHUNK));
                select.setString(1, key);
                for (int i = 0; i < CHUNK; i++) {
                    select.setLong(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        counts.put(resultSet.getLong(1), new TokenCounts(resultSet.getInt(2), resultSet.getInt(3)));
                    }
                }
            }
        }
        return counts;
    }

    // the pool restores the isolation level when the connection is returned
    private static void readUncommitted(Connection connection) throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
    }
}
