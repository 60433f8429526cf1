package org.gatehouse.outbound;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.TenantId;

/**
 * Each sender's outbound messages and spam by the hour ({@code gh_outbound_volume}), shared by every node on one
 * database: the current hour's counts and the sender's own history, for {@link OutboundAnomaly}.
 */
public class JdbcOutboundVolumes {
    /** Messages and spam counted. */
    public record Counts(long messages, long spam) {
    }

    private final Database database;

    @Inject
    public JdbcOutboundVolumes(Database database) {
        this.database = database;
    }

    /** Counts one message (spam or not) of the sender in the hour of {@code at}; the hour's counts after it. */
    public Counts count(TenantId tenant, String sender, Instant at, boolean spam) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        return database.inTransaction(connection -> {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE gh_outbound_volume SET messages = messages + 1,"
                    + " spam = spam + ? WHERE tenant_id = ? AND sender = ? AND hour_start = ?")) {
                    update.setInt(1, spam ? 1 : 0);
                    update.setString(2, tenant.asString());
                    update.setString(3, sender);
                    SqlTimestamps.set(update, 4, hour);
                    if (update.executeUpdate() == 0) {
                        try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO gh_outbound_volume (tenant_id, sender, hour_start, messages, spam) VALUES (?, ?, ?, 1, ?)")) {
                            insert.setString(1, tenant.asString());
                            insert.setString(2, sender);
                            SqlTimestamps.set(insert, 3, hour);
                            insert.setInt(4, spam ? 1 : 0);
                            insert.executeUpdate();
                        }
                    }
                    break;
                } catch (SQLException e) {
                    // another node inserted the hour's row first: count again on it
                    if (attempt > 2 || !database.dialect().isUniqueViolation(e)) {
                        throw e;
                    }
                    connection.rollback();
                }
            }
            return read(connection, tenant, sender, hour, hour.plus(1, ChronoUnit.HOURS));
        });
    }

    /** The sender's counts in [from, to). */
    public Counts between(TenantId tenant, String sender, Instant from, Instant to) {
        return database.inTransaction(connection -> read(connection, tenant, sender, from, to));
    }

    private static Counts read(java.sql.Connection connection, TenantId tenant, String sender, Instant from, Instant to) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(SUM(messages), 0), COALESCE(SUM(spam), 0)"
            + " FROM gh_outbound_volume WHERE tenant_id = ? AND sender = ? AND hour_start >= ? AND hour_start < ?")) {
            select.setString(1, tenant.asString());
            select.setString(2, sender);
            SqlTimestamps.set(select, 3, from);
            SqlTimestamps.set(select, 4, to);
            try (ResultSet resultSet = select.executeQuery()) {
                resultSet.next();
                return new Counts(resultSet.getLong(1), resultSet.getLong(2));
            }
        }
    }

    /** Forgets the hours before {@code before} (the baseline reaches back at most 60 days). */
    public int purge(Instant before) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_outbound_volume WHERE hour_start < ?")) {
                SqlTimestamps.set(delete, 1, before);
                return delete.executeUpdate();
            }
        });
    }
}
