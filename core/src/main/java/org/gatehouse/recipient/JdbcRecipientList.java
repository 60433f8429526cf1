package org.gatehouse.recipient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.tenant.TenantId;

/** The addresses and aliases of tenants in recipient mode {@code list} ({@code gh_recipient}), by tenant and address. */
public class JdbcRecipientList {
    private final Database database;

    @Inject
    public JdbcRecipientList(Database database) {
        this.database = database;
    }

    /** The entry for the address (any case), if the tenant has one. */
    public Optional<RecipientEntry> find(TenantId tenant, String address) {
        return database.inTransaction(connection -> find(connection, tenant, RecipientEntry.normalize(address, "address")));
    }

    private static Optional<RecipientEntry> find(Connection connection, TenantId tenant, String address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT address, alias_of, comment FROM gh_recipient WHERE tenant_id = ? AND address = ?")) {
            select.setString(1, tenant.asString());
            select.setString(2, address);
            try (ResultSet resultSet = select.executeQuery()) {
                return resultSet.next() ? Optional.of(read(resultSet)) : Optional.empty();
            }
        }
    }

    /** A page of the tenant's entries by address, starting after {@code offset} entries. */
    public List<RecipientEntry> list(TenantId tenant, Optional<String> startingWith, int offset, int limit) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT address, alias_of, comment FROM gh_recipient"
                + " WHERE tenant_id = ?" + (startingWith.isPresent() ? " AND address LIKE ? ESCAPE '!'" : "") + " ORDER BY address")) {
                select.setString(1, tenant.asString());
                if (startingWith.isPresent()) {
                    select.setString(2, startingWith.get().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                        .replace("_", "!_") + "%");
                }
                select.setMaxRows(offset + limit);
                List<RecipientEntry> entries = new ArrayList<>();
                try (ResultSet resultSet = select.executeQuery()) {
                    int row = 0;
                    while (resultSet.next()) {
                        if (row++ >= offset) {
                            entries.add(read(resultSet));
                        }
                    }
                }
                return entries;
            }
        });
    }

    public long count(TenantId tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM gh_recipient WHERE tenant_id = ?")) {
                select.setString(1, tenant.asString());
                try (ResultSet resultSet = select.executeQuery()) {
                    resultSet.next();
                    return resultSet.getLong(1);
                }
            }
        });
    }

    /** Adds the entries, replacing those of the same addresses; with {@code replace}, the tenant's list becomes exactly them. All or nothing. */
    public void put(TenantId tenant, List<RecipientEntry> given, boolean replace) {
        // one row per address: the last entry given for it
        java.util.Map<String, RecipientEntry> byAddress = new java.util.LinkedHashMap<>();
        given.forEach(entry -> byAddress.put(entry.address(), entry));
        List<RecipientEntry> entries = List.copyOf(byAddress.values());
        database.inTransaction(connection -> {
            if (replace) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_recipient WHERE tenant_id = ?")) {
                    delete.setString(1, tenant.asString());
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_recipient WHERE tenant_id = ? AND address = ?");
                 PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO gh_recipient (tenant_id, address, alias_of, comment) VALUES (?, ?, ?, ?)")) {
                for (RecipientEntry entry : entries) {
                    if (!replace) {
                        delete.setString(1, tenant.asString());
                        delete.setString(2, entry.address());
                        delete.executeUpdate();
                    }
                    insert.setString(1, tenant.asString());
                    insert.setString(2, entry.address());
                    insert.setString(3, entry.aliasOf().orElse(null));
                    insert.setString(4, entry.comment().orElse(null));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** @return whether there was such an entry */
    public boolean remove(TenantId tenant, String address) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_recipient WHERE tenant_id = ? AND address = ?")) {
                delete.setString(1, tenant.asString());
                delete.setString(2, RecipientEntry.normalize(address, "address"));
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static RecipientEntry read(ResultSet resultSet) throws SQLException {
        return new RecipientEntry(resultSet.getString(1), Optional.ofNullable(resultSet.getString(2)), Optional.ofNullable(resultSet.getString(3)));
    }
}
