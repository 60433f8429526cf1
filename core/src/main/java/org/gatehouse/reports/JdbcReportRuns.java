package org.gatehouse.reports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlDialect;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;

/**
 * The scheduled reports sent, one row per tenant and period ({@code gh_report_run}): a report is sent once per period,
 * across restarts and by however many nodes.
 */
public class JdbcReportRuns {
    private final Database database;

    @Inject
    public JdbcReportRuns(Database database) {
        this.database = database;
    }

    /**
     * Runs {@code send} when the tenant's report for this period has not been sent, and records it as sent in the same
     * transaction: a failing {@code send} leaves it unsent (tried again), and a second node asking at the same moment
     * waits for the first one's row, then finds it. Empty when the report was sent already.
     */
    public <T> Optional<T> once(TenantId tenant, String periodKey, Instant at, Callable<T> send) {
        return database.inTransaction(connection -> {
            boolean postgresql = database.dialect() == SqlDialect.POSTGRESQL;
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_report_run (tenant_id, period_key, sent_at) VALUES (?, ?, ?)"
                    + (postgresql ? " ON CONFLICT (tenant_id, period_key) DO NOTHING" : ""))) {
                insert.setString(1, tenant.asString());
                insert.setString(2, periodKey);
                SqlTimestamps.set(insert, 3, at);
                if (insert.executeUpdate() == 0) {
                    return Optional.empty();
                }
            } catch (SQLException e) {
                if (!postgresql && database.dialect().isUniqueViolation(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            try {
                return Optional.of(send.call());
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new StoreException("The report of " + tenant.asString() + " for " + periodKey + " could not be sent", e);
            }
        });
    }

    public boolean wasSent(TenantId tenant, String periodKey) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM gh_report_run WHERE tenant_id = ? AND period_key = ?")) {
                select.setString(1, tenant.asString());
                select.setString(2, periodKey);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }
}
