package org.gatehouse.quarantine.digest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;

/**
 * Used token ids in {@code gh_quarantine_token_use}. The primary key makes a use atomic across nodes: the second
 * insert of an id fails. Each use is its own transaction, since a failed insert aborts a PostgreSQL transaction.
 */
public class JdbcUsedTokens implements UsedTokens {
    private final Database database;

    @Inject
    public JdbcUsedTokens(Database database) {
        this.database = database;
    }

    @Override
    public boolean markUsed(String tokenId, Instant expiresAt, Instant now) {
        try {
            return database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gh_quarantine_token_use (token_id, used_at, expires_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, tokenId);
                    SqlTimestamps.set(insert, 2, now);
                    SqlTimestamps.set(insert, 3, expiresAt);
                    return insert.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean isUsed(String tokenId) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM gh_quarantine_token_use WHERE token_id = ?")) {
                select.setString(1, tokenId);
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next();
                }
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM gh_quarantine_token_use WHERE expires_at <= ?")) {
                SqlTimestamps.set(delete, 1, now);
                return delete.executeUpdate();
            }
        });
    }
}
