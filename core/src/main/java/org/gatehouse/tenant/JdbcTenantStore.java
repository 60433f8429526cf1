package org.gatehouse.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;

/** Tenants in the policy database (Derby or PostgreSQL). Domain ownership is enforced by a primary key. */
public class JdbcTenantStore implements TenantStore {
    private record TenantRow(String name, Downstream downstream) {
    }

    private final Database database;
    private final Clock clock;

    @Inject
    public JdbcTenantStore(Database database) {
        this(database, Clock.systemUTC());
    }

    public JdbcTenantStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Outcome save(Tenant tenant) {
        try {
            return database.inTransaction(connection -> {
                serializeSaves(connection);
                checkConflicts(connection, tenant);
                Instant now = clock.instant();
                boolean exists = lockTenant(connection, tenant.id());
                if (exists) {
                    try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE gh_tenant SET name = ?, downstream_host = ?, downstream_port = ?, downstream_require_tls = ?,"
                            + " updated_at = ? WHERE id = ?")) {
                        update.setString(1, tenant.name());
                        update.setString(2, tenant.downstream().host());
                        update.setInt(3, tenant.downstream().port());
                        update.setShort(4, (short) (tenant.downstream().requireTls() ? 1 : 0));
                        SqlTimestamps.set(update, 5, now);
                        update.setString(6, tenant.id().asString());
                        update.executeUpdate();
                    }
                    deleteChildren(connection, tenant.id());
                } else {
                    try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO gh_tenant (id, name, downstream_host, downstream_port, downstream_require_tls, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, tenant.id().asString());
                        insert.setString(2, tenant.name());
                        insert.setString(3, tenant.downstream().host());
                        insert.setInt(4, tenant.downstream().port());
                        insert.setShort(5, (short) (tenant.downstream().requireTls() ? 1 : 0));
                        SqlTimestamps.set(insert, 6, now);
                        SqlTimestamps.set(insert, 7, now);
                        insert.executeUpdate();
                    }
                }
                insertChildren(connection, tenant);
                return exists ? Outcome.UPDATED : Outcome.CREATED;
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException && database.dialect().isUniqueViolation((SQLException) e.getCause())) {
                throw new TenantConflictException("A domain of tenant '" + tenant.id().asString()
                    + "' was just taken by another tenant");
            }
            throw e;
        }
    }

    /**
     * Locks the tenant's row until the transaction ends, serialising every writer of that tenant and its policy.
     * An UPDATE, not a SELECT ... FOR UPDATE: under read committed, Derby releases the lock of a FOR UPDATE cursor
     * as soon as it moves off a row it did not update.
     *
     * @return false when there is no such tenant (nothing is locked then)
     */
    public static boolean lockTenant(Connection connection, TenantId id) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("UPDATE gh_tenant SET updated_at = updated_at WHERE id = ?")) {
            lock.setString(1, id.asString());
            return lock.executeUpdate() > 0;
        }
    }

    /**
     * No constraint can forbid overlapping networks of two tenants: saves take turns, so that each one's conflict
     * check sees every network committed before it. Tenants change rarely; readers of PostgreSQL are not blocked.
     */
    private void serializeSaves(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE gh_relay_client IN EXCLUSIVE MODE");
        }
    }

    private void checkConflicts(Connection connection, Tenant tenant) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT tenant_id FROM gh_tenant_domain WHERE domain = ? AND tenant_id <> ?")) {
            for (DomainName domain : tenant.domains()) {
                select.setString(1, domain.asString());
                select.setString(2, tenant.id().asString());
                try (ResultSet resultSet = select.executeQuery()) {
                    if (resultSet.next()) {
                        throw new TenantConflictException("Domain '" + domain.asString() + "' already belongs to tenant '"
                            + resultSet.getString(1) + "'");
                    }
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT tenant_id, cidr FROM gh_relay_client WHERE tenant_id <> ?")) {
            select.setString(1, tenant.id().asString());
            try (ResultSet resultSet = select.executeQuery()) {
                while (resultSet.next()) {
                    Cidr other = Cidr.parse("relayClients", resultSet.getString(2));
                    for (Cidr mine : tenant.relayClients()) {
                        if (mine.overlaps(other)) {
                            throw new TenantConflictException("Relay client network " + mine.asString() + " overlaps "
                                + other.asString() + " of tenant '" + resultSet.getString(1) + "'");
                        }
                    }
                }
            }
        }
    }

    private void deleteChildren(Connection connection, TenantId id) throws SQLException {
        for (String table : List.of("gh_tenant_domain", "gh_relay_client")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                delete.setString(1, id.asString());
                delete.executeUpdate();
            }
        }
    }

    private void insertChildren(Connection connection, Tenant tenant) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_tenant_domain (domain, tenant_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < tenant.domains().size(); i++) {
                insert.setString(1, tenant.domains().get(i).asString());
                insert.setString(2, tenant.id().asString());
                insert.setInt(3, i);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO gh_relay_client (tenant_id, cidr, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < tenant.relayClients().size(); i++) {
                insert.setString(1, tenant.id().asString());
                insert.setString(2, tenant.relayClients().get(i).asString());
                insert.setInt(3, i);
                insert.executeUpdate();
            }
        }
    }

    @Override
    public Optional<Tenant> get(TenantId id) {
        return database.inTransaction(connection -> load(connection, Optional.of(id))).stream().findFirst();
    }

    @Override
    public List<Tenant> list() {
        return database.inTransaction(connection -> load(connection, Optional.empty()));
    }

    private List<Tenant> load(Connection connection, Optional<TenantId> only) throws SQLException {
        String where = only.isPresent() ? " WHERE id = ?" : "";
        Map<String, TenantRow> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT id, name, downstream_host, downstream_port, downstream_require_tls FROM gh_tenant" + where + " ORDER BY id")) {
            if (only.isPresent()) {
                select.setString(1, only.get().asString());
            }
            try (ResultSet resultSet = select.executeQuery()) {
                while (resultSet.next()) {
                    rows.put(resultSet.getString(1), new TenantRow(resultSet.getString(2),
                        Downstream.of(resultSet.getString(3), resultSet.getInt(4), resultSet.getShort(5) != 0)));
                }
            }
        }
        Map<String, List<DomainName>> domains = children(connection, only,
            "SELECT tenant_id, domain FROM gh_tenant_domain", DomainName::of);
        Map<String, List<Cidr>> relayClients = children(connection, only,
            "SELECT tenant_id, cidr FROM gh_relay_client", value -> Cidr.parse("relayClients", value));
        List<Tenant> tenants = new ArrayList<>();
        rows.forEach((id, row) -> tenants.add(Tenant.of(TenantId.of(id), row.name(),
            domains.getOrDefault(id, List.of()), row.downstream(), relayClients.getOrDefault(id, List.of()))));
        return tenants;
    }

    private <T> Map<String, List<T>> children(Connection connection, Optional<TenantId> only, String sql,
                                              java.util.function.Function<String, T> parser) throws SQLException {
        String where = only.isPresent() ? " WHERE tenant_id = ?" : "";
        Map<String, List<T>> result = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql + where + " ORDER BY tenant_id, position")) {
            if (only.isPresent()) {
                select.setString(1, only.get().asString());
            }
            try (ResultSet resultSet = select.executeQuery()) {
                while (resultSet.next()) {
                    result.computeIfAbsent(resultSet.getString(1), key -> new ArrayList<>()).add(parser.apply(resultSet.getString(2)));
                }
            }
        }
        return result;
    }

    @Override
    public boolean delete(TenantId id) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_tenant WHERE id = ?")) {
                delete.setString(1, id.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }
}
