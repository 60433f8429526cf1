package org.gatehouse.quarantine.digest;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;

/**
 * Signing keys in {@code gh_quarantine_key}, secrets base64-encoded. Creating and rotating lock the tenant's row, so
 * that two nodes never both create a key. Deleting a tenant deletes its keys.
 */
public class JdbcSigningKeys implements SigningKeys {
    private static final String COLUMNS = "key_id, secret, created_at, retired_at";

    private final Database database;
    private final Clock clock;
    private final SecureRandom random;

    @Inject
    public JdbcSigningKeys(Database database) {
        this(database, Clock.systemUTC(), new SecureRandom());
    }

    public JdbcSigningKeys(Database database, Clock clock, SecureRandom random) {
        this.database = database;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public SigningKey current(TenantId tenant) {
        Optional<SigningKey> current = database.inTransaction(connection -> currentKey(connection, tenant));
        return current.orElseGet(() -> database.inTransaction(connection -> {
            lock(connection, tenant);
            Optional<SigningKey> created = currentKey(connection, tenant);
            return created.isPresent() ? created.get() : insert(connection, tenant, lastId(connection, tenant) + 1);
        }));
    }

    @Override
    public Optional<SigningKey> find(TenantId tenant, int keyId) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM gh_quarantine_key WHERE tenant_id = ? AND key_id = ?")) {
                select.setString(1, tenant.asString());
                select.setInt(2, keyId);
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next() ? Optional.of(read(resultSet)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public SigningKey rotate(TenantId tenant) {
        return database.inTransaction(connection -> {
            lock(connection, tenant);
            Instant now = clock.instant();
            try (PreparedStatement retire = connection.prepareStatement(
                "UPDATE gh_quarantine_key SET retired_at = ? WHERE tenant_id = ? AND retired_at IS NULL")) {
                SqlTimestamps.set(retire, 1, now);
                retire.setString(2, tenant.asString());
                retire.executeUpdate();
            }
            return insert(connection, tenant, lastId(connection, tenant) + 1);
        });
    }

    @Override
    public int revokeAll(TenantId tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_quarantine_key WHERE tenant_id = ?")) {
                delete.setString(1, tenant.asString());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int purgeRetiredBefore(Instant cutoff) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM gh_quarantine_key WHERE retired_at IS NOT NULL AND retired_at < ?")) {
                SqlTimestamps.set(delete, 1, cutoff);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<SigningKey> list(TenantId tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM gh_quarantine_key WHERE tenant_id = ? ORDER BY key_id")) {
                select.setString(1, tenant.asString());
                List<SigningKey> keys = new ArrayList<>();
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        keys.add(read(resultSet));
                    }
                }
                return keys;
            }
        });
    }

    private static void lock(Connection connection, TenantId tenant) throws SQLException {
        if (!JdbcTenantStore.lockTenant(connection, tenant)) {
            throw new IllegalArgumentException("No tenant '" + tenant.asString() + "'");
        }
    }

    private static Optional<SigningKey> currentKey(Connection connection, TenantId tenant) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
            + " FROM gh_quarantine_key WHERE tenant_id = ? AND retired_at IS NULL ORDER BY key_id DESC")) {
            select.setString(1, tenant.asString());
            select.setMaxRows(1);
            try (ResultSet resultSet = select.executeQuery()) {
                return resultSet.next() ? Optional.of(read(resultSet)) : Optional.empty();
            }
        }
    }

    /** Ids go on from the last key, retired or not; after a revocation they start again at 1. */
    private static int lastId(Connection connection, TenantId tenant) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT MAX(key_id) FROM gh_quarantine_key WHERE tenant_id = ?")) {
            select.setString(1, tenant.asString());
            try (ResultSet resultSet = select.executeQuery()) {
                resultSet.next();
                return resultSet.getInt(1);
            }
        }
    }

    private SigningKey insert(Connection connection, TenantId tenant, int keyId) throws SQLException {
        byte[] secret = new byte[SigningKey.SECRET_BYTES];
        random.nextBytes(secret);
        Instant now = clock.instant();
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_quarantine_key (tenant_id, key_id, secret, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, tenant.asString());
            insert.setInt(2, keyId);
            insert.setString(3, Base64.getEncoder().encodeToString(secret));
            SqlTimestamps.set(insert, 4, now);
            insert.executeUpdate();
        }
        return new SigningKey(keyId, secret, now, Optional.empty());
    }

    private static SigningKey read(ResultSet resultSet) throws SQLException {
        return new SigningKey(resultSet.getInt(1), Base64.getDecoder().decode(resultSet.getString(2)),
            SqlTimestamps.get(resultSet, 3),
            resultSet.getTimestamp(4) == null ? Optional.empty() : Optional.of(SqlTimestamps.get(resultSet, 4)));
    }
}
