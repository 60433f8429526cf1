package org.gatehouse.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;

/**
 * Global policy versions in the policy database. There is no owner row to lock, so a save locks the version table
 * itself: writers take turns (each numbers its version from the latest committed one), readers are not blocked on
 * PostgreSQL.
 */
public class JdbcGlobalPolicyStore implements GlobalPolicyStore {
    private static final String COLUMNS = "version, document, created_at, author, comment";

    private final Database database;
    private final Clock clock;

    @Inject
    public JdbcGlobalPolicyStore(Database database) {
        this(database, Clock.systemUTC());
    }

    public JdbcGlobalPolicyStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public GlobalPolicyVersion save(PolicyDocument document, String author, Optional<String> comment) {
        return database.inTransaction(connection -> {
            lockVersions(connection);
            int next = latestVersion(connection) + 1;
            // PostgreSQL keeps microseconds: the version returned must be the one later read back
            Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            GlobalPolicyVersion version = new GlobalPolicyVersion(next, document, createdAt, author, comment);
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_global_policy_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, next);
                insert.setString(2, document.asJsonString());
                SqlTimestamps.set(insert, 3, createdAt);
                insert.setString(4, author);
                insert.setString(5, comment.orElse(null));
                insert.executeUpdate();
            }
            return version;
        });
    }

    // Same statement on Derby and PostgreSQL; held until the transaction ends
    private static void lockVersions(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE gh_global_policy_version IN EXCLUSIVE MODE");
        }
    }

    private static int latestVersion(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet resultSet = select.executeQuery("SELECT MAX(version) FROM gh_global_policy_version")) {
            resultSet.next();
            return resultSet.getInt(1);
        }
    }

    @Override
    public Optional<GlobalPolicyVersion> current() {
        return database.inTransaction(connection -> query(connection,
            " WHERE version = (SELECT MAX(version) FROM gh_global_policy_version)").stream().findFirst());
    }

    @Override
    public List<GlobalPolicyVersion> versions() {
        return database.inTransaction(connection -> query(connection, ""));
    }

    private static List<GlobalPolicyVersion> query(Connection connection, String where) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM gh_global_policy_version" + where + " ORDER BY version");
             ResultSet resultSet = select.executeQuery()) {
            List<GlobalPolicyVersion> result = new ArrayList<>();
            while (resultSet.next()) {
                result.add(new GlobalPolicyVersion(resultSet.getInt(1), PolicyDocument.fromStoredJson(resultSet.getString(2)),
                    SqlTimestamps.get(resultSet, 3), resultSet.getString(4), Optional.ofNullable(resultSet.getString(5))));
            }
            return result;
        }
    }
}
