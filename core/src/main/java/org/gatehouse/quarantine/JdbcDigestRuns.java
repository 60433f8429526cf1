package org.gatehouse.quarantine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.TenantId;

/** Digest runs in {@code gh_quarantine_digest}, one row per tenant and recipient (addresses compared lower-case). */
public class JdbcDigestRuns implements DigestRuns {
    private final Database database;

    @Inject
    public JdbcDigestRuns(Database database) {
        this.database = database;
    }

    @Override
    public Optional<Instant> lastSent(TenantId tenant, String recipient) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_sent_at FROM gh_quarantine_digest WHERE tenant_id = ? AND recipient = ?")) {
                select.setString(1, tenant.asString());
                select.setString(2, recipient.toLowerCase(Locale.ROOT));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(SqlTimestamps.get(row, 1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void recordSent(TenantId tenant, String recipient, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gh_quarantine_digest SET last_sent_at = ? WHERE tenant_id = ? AND recipient = ?")) {
                SqlTimestamps.set(update, 1, at);
                update.setString(2, tenant.asString());
                update.setString(3, recipient.toLowerCase(Locale.ROOT));
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_quarantine_digest (tenant_id, recipient, last_sent_at) VALUES (?, ?, ?)")) {
                insert.setString(1, tenant.asString());
                insert.setString(2, recipient.toLowerCase(Locale.ROOT));
                SqlTimestamps.set(insert, 3, at);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
