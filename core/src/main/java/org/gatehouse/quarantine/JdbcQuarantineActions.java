package org.gatehouse.quarantine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;

/** Final actions in {@code gh_quarantine_action}; the primary key on the entry id makes a claim atomic across nodes. */
public class JdbcQuarantineActions implements QuarantineActions {
    private static final int MAX_DETAIL = 2000;

    private final Database database;

    @Inject
    public JdbcQuarantineActions(Database database) {
        this.database = database;
    }

    @Override
    public boolean claim(QuarantineAction action) {
        try {
            return database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_quarantine_action"
                    + " (entry_id, tenant_id, action, actor, acted_at, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, action.entryId());
                    insert.setString(2, action.tenant().asString());
                    insert.setString(3, action.kind().asString());
                    insert.setString(4, action.actor());
                    SqlTimestamps.set(insert, 5, action.at());
                    insert.setString(6, action.detail().map(text -> text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) : text)
                        .orElse(null));
                    insert.executeUpdate();
                    return true;
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
    public Optional<QuarantineAction> find(String entryId) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, action, actor, acted_at, detail"
                + " FROM gh_quarantine_action WHERE entry_id = ?")) {
                select.setString(1, entryId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new QuarantineAction(entryId, TenantId.of(row.getString(1)),
                        QuarantineAction.Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)), row.getString(3),
                        SqlTimestamps.get(row, 4), Optional.ofNullable(row.getString(5))));
                }
            }
        });
    }

    @Override
    public void withdraw(String entryId) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_quarantine_action WHERE entry_id = ?")) {
                delete.setString(1, entryId);
                delete.executeUpdate();
                return null;
            }
        });
    }
}
