package org.gatehouse.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;

/** Policy versions in the policy database. The lock on the tenant's row serialises concurrent writers of a tenant. */
public class JdbcPolicyStore implements PolicyStore {
    private static final String COLUMNS = "tenant_id, version, document, created_at, author, comment";

    private final Database database;
    private final Clock clock;

    @Inject
    public JdbcPolicyStore(Database database) {
        this(database, Clock.systemUTC());
    }

    public JdbcPolicyStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public PolicyVersion save(TenantId tenantId, PolicyDocument document, String author, Optional<String> comment) {
        return database.inTransaction(connection -> {
            lockTenant(connection, tenantId);
            int next = latestVersion(connection, tenantId) + 1;
            // PostgreSQL keeps microseconds: the version returned must be the one later read back
            Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            PolicyVersion version = new PolicyVersion(tenantId, next, document, createdAt, author, comment);
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_policy_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, tenantId.asString());
                insert.setInt(2, next);
                insert.setString(3, document.asJsonString());
                SqlTimestamps.set(insert, 4, version.createdAt());
                insert.setString(5, author);
                insert.setString(6, comment.orElse(null));
                insert.executeUpdate();
            }
            return version;
        });
    }

    private void lockTenant(Connection connection, TenantId tenantId) throws SQLException {
        if (!JdbcTenantStore.lockTenant(connection, tenantId)) {
            throw new StoreException("No tenant " + tenantId.asString(), new SQLException("unknown tenant"));
        }
    }

    private int latestVersion(Connection connection, TenantId tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT MAX(version) FROM gh_policy_version WHERE tenant_id = ?")) {
            select.setString(1, tenantId.asString());
            try (ResultSet resultSet = select.executeQuery()) {
                resultSet.next();
                return resultSet.getInt(1);
            }
        }
    }

    @Override
    public Optional<PolicyVersion> current(TenantId tenantId) {
        return database.inTransaction(connection -> {
            int latest = latestVersion(connection, tenantId);
            return query(connection, tenantId, Optional.of(latest)).stream().findFirst();
        });
    }

    @Override
    public java.util.Map<TenantId, PolicyVersion> currentAll() {
        return database.inTransaction(connection -> {
            java.util.Map<TenantId, PolicyVersion> result = new java.util.LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM gh_policy_version p"
                + " WHERE version = (SELECT MAX(version) FROM gh_policy_version q WHERE q.tenant_id = p.tenant_id)")) {
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        TenantId tenantId = TenantId.of(resultSet.getString(1));
                        result.put(tenantId, new PolicyVersion(tenantId, resultSet.getInt(2),
                            PolicyDocument.fromStoredJson(resultSet.getString(3)),
                            SqlTimestamps.get(resultSet, 4), resultSet.getString(5),
                            Optional.ofNullable(resultSet.getString(6))));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public Optional<PolicyVersion> version(TenantId tenantId, int version) {
        return database.inTransaction(connection -> query(connection, tenantId, Optional.of(version)).stream().findFirst());
    }

    @Override
    public List<PolicyVersion> versions(TenantId tenantId) {
        return database.inTransaction(connection -> query(connection, tenantId, Optional.empty()));
    }

    private List<PolicyVersion> query(Connection connection, TenantId tenantId, Optional<Integer> version) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM gh_policy_version WHERE tenant_id = ?"
            + (version.isPresent() ? " AND version = ?" : "") + " ORDER BY version";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenantId.asString());
            if (version.isPresent()) {
                select.setInt(2, version.get());
            }
            List<PolicyVersion> result = new ArrayList<>();
            try (ResultSet resultSet = select.executeQuery()) {
                while (resultSet.next()) {
                    result.add(new PolicyVersion(tenantId, resultSet.getInt(2),
                        PolicyDocument.fromStoredJson(resultSet.getString(3)),
                        SqlTimestamps.get(resultSet, 4), resultSet.getString(5),
                        Optional.ofNullable(resultSet.getString(6))));
                }
            }
            return result;
        }
    }
}
