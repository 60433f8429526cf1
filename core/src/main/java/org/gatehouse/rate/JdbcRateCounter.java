package org.gatehouse.rate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.store.StoreException;

/**
 * Sliding windows in the Gatehouse database, so that every gateway node using the same PostgreSQL database enforces
 * one limit together. Per key, one transaction locks the key's row, drops the events that left the window, counts
 * the rest and adds one when below the limit; the key's lock serialises nodes. Events of keys that stopped coming
 * are deleted after the longest possible window (7 days).
 */
public class JdbcRateCounter implements RateCounter {
    private static final int ATTEMPTS = 3;
    private static final long CLEAN_UP_EVERY = 10_000;

    private final Database database;
    private final AtomicLong calls = new AtomicLong();

    @Inject
    public JdbcRateCounter(Database database) {
        this.database = database;
    }

    @Override
    public boolean tryAcquire(String key, RateLimit limit, Instant now) {
        if (calls.incrementAndGet() % CLEAN_UP_EVERY == 0) {
            deleteEventsOlderThan(now.minus(RateLimit.MAX_WINDOW));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(connection -> acquire(connection, key, limit, now));
            } catch (StoreException e) {
                // two nodes created the same key at once: the loser retries and then finds the row
                if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static boolean acquire(Connection connection, String key, RateLimit limit, Instant now) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("UPDATE gh_rate_key SET rate_key = rate_key WHERE rate_key = ?")) {
            lock.setString(1, key);
            if (lock.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_rate_key (rate_key) VALUES (?)")) {
                    insert.setString(1, key);
                    insert.executeUpdate();
                }
            }
        }
        Instant windowStart = now.minus(limit.window());
        try (PreparedStatement expire = connection.prepareStatement("DELETE FROM gh_rate_event WHERE rate_key = ? AND event_at <= ?")) {
            expire.setString(1, key);
            SqlTimestamps.set(expire, 2, windowStart);
            expire.executeUpdate();
        }
        long count;
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM gh_rate_event WHERE rate_key = ?")) {
            select.setString(1, key);
            try (ResultSet resultSet = select.executeQuery()) {
                resultSet.next();
                count = resultSet.getLong(1);
            }
        }
        if (count >= limit.messages()) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_rate_event (rate_key, event_at) VALUES (?, ?)")) {
            insert.setString(1, key);
            SqlTimestamps.set(insert, 2, now);
            insert.executeUpdate();
        }
        return true;
    }

    private void deleteEventsOlderThan(Instant horizon) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_rate_event WHERE event_at <= ?")) {
                SqlTimestamps.set(delete, 1, horizon);
                delete.executeUpdate();
            }
            return null;
        });
    }
}
