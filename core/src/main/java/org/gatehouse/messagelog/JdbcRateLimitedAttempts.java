package org.gatehouse.messagelog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.TenantId;

/** Counts refused attempts in hourly buckets, one row per client, direction, tenant and hour, however hard a client retries. */
public class JdbcRateLimitedAttempts implements RateLimitedAttempts {
    private static final String NO_TENANT = "";

    private final Database database;

    @Inject
    public JdbcRateLimitedAttempts(Database database) {
        this.database = database;
    }

    @Override
    public void record(String clientIp, Direction direction, Optional<TenantId> tenant, Instant at) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        String tenantId = tenant.map(TenantId::asString).orElse(NO_TENANT);
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(connection -> {
                    if (increment(connection, clientIp, direction, tenantId, hour, at) == 0) {
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_rate_refusal"
                            + " (client_ip, direction, tenant_id, hour_start, attempts, last_at) VALUES (?, ?, ?, ?, 1, ?)")) {
                            insert.setString(1, clientIp);
                            insert.setString(2, direction.asString());
                            insert.setString(3, tenantId);
                            SqlTimestamps.set(insert, 4, hour);
                            SqlTimestamps.set(insert, 5, at);
                            insert.executeUpdate();
                        }
                    }
                    return null;
                });
                return;
            } catch (StoreException e) {
                // another node created the bucket at the same moment: increment it instead
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static int increment(Connection connection, String clientIp, Direction direction, String tenantId, Instant hour,
                                 Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE gh_rate_refusal SET attempts = attempts + 1,"
            + " last_at = ? WHERE client_ip = ? AND direction = ? AND tenant_id = ? AND hour_start = ?")) {
            SqlTimestamps.set(update, 1, at);
            update.setString(2, clientIp);
            update.setString(3, direction.asString());
            update.setString(4, tenantId);
            SqlTimestamps.set(update, 5, hour);
            return update.executeUpdate();
        }
    }

    @Override
    public List<Summary> summary(Instant from, Instant to, Optional<TenantId> tenant, int limit) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT client_ip, direction, tenant_id, SUM(attempts),"
                + " MAX(last_at) FROM gh_rate_refusal WHERE hour_start >= ? AND hour_start < ?"
                + (tenant.isPresent() ? " AND tenant_id = ?" : "")
                + " GROUP BY client_ip, direction, tenant_id ORDER BY SUM(attempts) DESC, client_ip")) {
                SqlTimestamps.set(select, 1, from.truncatedTo(ChronoUnit.HOURS));
                SqlTimestamps.set(select, 2, to);
                if (tenant.isPresent()) {
                    select.setString(3, tenant.get().asString());
                }
                select.setMaxRows(limit);
                List<Summary> summaries = new ArrayList<>();
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        String tenantId = resultSet.getString(3);
                        summaries.add(new Summary(resultSet.getString(1), Direction.parse(resultSet.getString(2)),
                            tenantId.isEmpty() ? Optional.empty() : Optional.of(TenantId.of(tenantId)), resultSet.getLong(4),
                            SqlTimestamps.get(resultSet, 5)));
                    }
                }
                return summaries;
            }
        });
    }
}
