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
 * Token statistics in the policy database (schema version 3: {@code gh_bayes_token}, {@code gh_bayes_totals},
 * {@code gh_bayes_message}; deleted with their tenant). Learning locks the tenant's row, so learners of one tenant
 * take turns and each sees what the previous one counted. Reads for scoring are dirty reads: statistics a learner is
 * changing are good enough, and scoring never waits for a learner.
 */
public class JdbcBayesStore implements BayesStore {
    // one statement text whatever the number of tokens: the last chunk is padded by repeating a hash
    static final int CHUNK = 200;
    private static final String COUNTS_SQL = "SELECT token_hash, spam_count, ham_count FROM gh_bayes_token"
        + " WHERE tenant_id = ? AND token_hash IN (" + "?, ".repeat(CHUNK - 1) + "?)";

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
    public LearnOutcome learn(TenantId tenant, String fingerprint, Label label, Set<Long> tokenHashes) {
        return database.inTransaction(connection -> {
            if (!JdbcTenantStore.lockTenant(connection, tenant)) {
                throw new TenantService.UnknownTenantException(tenant);
            }
            Optional<Label> learnt = learntLabel(connection, tenant, fingerprint);
            if (learnt.equals(Optional.of(label))) {
                return LearnOutcome.ALREADY_KNOWN;
            }
            // a relabelled message leaves the other label's counts as it joins this one's
            int leaving = learnt.isPresent() ? -1 : 0;
            int spamDelta = label == Label.SPAM ? 1 : leaving;
            int hamDelta = label == Label.HAM ? 1 : leaving;
            addToTokens(connection, tenant, tokenHashes, spamDelta, hamDelta);
            addToTotals(connection, tenant, spamDelta, hamDelta);
            if (learnt.isPresent()) {
                relabelMessage(connection, tenant, fingerprint, label);
                return LearnOutcome.RELABELLED;
            }
            insertMessage(connection, tenant, fingerprint, label);
            return LearnOutcome.LEARNT;
        });
    }

    private static Optional<Label> learntLabel(Connection connection, TenantId tenant, String fingerprint) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT label FROM gh_bayes_message WHERE tenant_id = ? AND fingerprint = ?")) {
            select.setString(1, tenant.asString());
            select.setString(2, fingerprint);
            try (ResultSet resultSet = select.executeQuery()) {
                return resultSet.next() ? Optional.of(Label.parse("label", resultSet.getString(1))) : Optional.empty();
            }
        }
    }

    private static void addToTokens(Connection connection, TenantId tenant, Set<Long> tokenHashes, int spamDelta, int hamDelta)
        throws SQLException {
        Set<Long> existing = readCounts(connection, tenant, tokenHashes).keySet();
        // a token missing from a relabelled message's counts (the tokenizer changed since) never goes below 0
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_bayes_token SET"
                + " spam_count = CASE WHEN spam_count + ? < 0 THEN 0 ELSE spam_count + ? END,"
                + " ham_count = CASE WHEN ham_count + ? < 0 THEN 0 ELSE ham_count + ? END"
                + " WHERE tenant_id = ? AND token_hash = ?");
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO gh_bayes_token (tenant_id, token_hash, spam_count, ham_count) VALUES (?, ?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (long hash : tokenHashes) {
                if (existing.contains(hash)) {
                    update.setInt(1, spamDelta);
                    update.setInt(2, spamDelta);
                    update.setInt(3, hamDelta);
                    update.setInt(4, hamDelta);
                    update.setString(5, tenant.asString());
                    update.setLong(6, hash);
                    update.addBatch();
                    updates = true;
                } else {
                    insert.setString(1, tenant.asString());
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

    private static void addToTotals(Connection connection, TenantId tenant, int spamDelta, int hamDelta) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gh_bayes_totals SET spam_messages = spam_messages + ?, ham_messages = ham_messages + ? WHERE tenant_id = ?")) {
            update.setInt(1, spamDelta);
            update.setInt(2, hamDelta);
            update.setString(3, tenant.asString());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        // the tenant's first message: no other learner can insert concurrently, the tenant row is locked
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_bayes_totals (tenant_id, spam_messages, ham_messages) VALUES (?, ?, ?)")) {
            insert.setString(1, tenant.asString());
            insert.setInt(2, Math.max(0, spamDelta));
            insert.setInt(3, Math.max(0, hamDelta));
            insert.executeUpdate();
        }
    }

    private void insertMessage(Connection connection, TenantId tenant, String fingerprint, Label label) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_bayes_message (tenant_id, fingerprint, label, learnt_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, tenant.asString());
            insert.setString(2, fingerprint);
            insert.setString(3, label.asString());
            SqlTimestamps.set(insert, 4, clock.instant());
            insert.executeUpdate();
        }
    }

    private void relabelMessage(Connection connection, TenantId tenant, String fingerprint, Label label) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE gh_bayes_message SET label = ?, learnt_at = ? WHERE tenant_id = ? AND fingerprint = ?")) {
            update.setString(1, label.asString());
            SqlTimestamps.set(update, 2, clock.instant());
            update.setString(3, tenant.asString());
            update.setString(4, fingerprint);
            update.executeUpdate();
        }
    }

    @Override
    public TrainingTotals totals(TenantId tenant) {
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT spam_messages, ham_messages FROM gh_bayes_totals WHERE tenant_id = ?")) {
                select.setString(1, tenant.asString());
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next() ? new TrainingTotals(resultSet.getInt(1), resultSet.getInt(2)) : TrainingTotals.NONE;
                }
            }
        });
    }

    @Override
    public long tokenCount(TenantId tenant) {
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM gh_bayes_token WHERE tenant_id = ?")) {
                select.setString(1, tenant.asString());
                try (ResultSet resultSet = select.executeQuery()) {
                    resultSet.next();
                    return resultSet.getLong(1);
                }
            }
        });
    }

    @Override
    public Map<Long, TokenCounts> counts(TenantId tenant, Collection<Long> tokenHashes) {
        if (tokenHashes.isEmpty()) {
            return Map.of();
        }
        return database.inTransaction(connection -> {
            readUncommitted(connection);
            return readCounts(connection, tenant, tokenHashes);
        });
    }

    private static Map<Long, TokenCounts> readCounts(Connection connection, TenantId tenant, Collection<Long> tokenHashes)
        throws SQLException {
        Map<Long, TokenCounts> counts = new HashMap<>();
        if (tokenHashes.isEmpty()) {
            return counts;
        }
        List<Long> hashes = new ArrayList<>(tokenHashes);
        try (PreparedStatement select = connection.prepareStatement(COUNTS_SQL)) {
            for (int start = 0; start < hashes.size(); start += CHUNK) {
                List<Long> chunk = hashes.subList(start, Math.min(hashes.size(), start + CHUNK));
                select.setString(1, tenant.asString());
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
