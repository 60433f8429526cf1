package org.gatehouse.submission;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.TenantId;

/** The tenants' SMTP AUTH accounts ({@code gh_submission_account}); passwords as Argon2id hashes (PasswordHasher). */
public class JdbcSubmissionAccounts {
    /** An account and its stored password hash. */
    public record Stored(SubmissionAccount account, String passwordHash) {
    }

    private final Database database;

    @Inject
    public JdbcSubmissionAccounts(Database database) {
        this.database = database;
    }

    public Optional<Stored> find(String login) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT login, tenant_id, created_at, password_hash FROM gh_submission_account WHERE login = ?")) {
                select.setString(1, login.trim().toLowerCase(Locale.ROOT));
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next() ? Optional.of(new Stored(read(resultSet), resultSet.getString(4))) : Optional.empty();
                }
            }
        });
    }

    public List<SubmissionAccount> list(TenantId tenant) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT login, tenant_id, created_at FROM gh_submission_account WHERE tenant_id = ? ORDER BY login")) {
                select.setString(1, tenant.asString());
                List<SubmissionAccount> accounts = new ArrayList<>();
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        accounts.add(read(resultSet));
                    }
                }
                return accounts;
            }
        });
    }

    /** Creates the account, or sets a new password of an existing one of the same tenant; @return whether it was created */
    public boolean put(SubmissionAccount account, String passwordHash) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gh_submission_account SET password_hash = ? WHERE login = ? AND tenant_id = ?")) {
                update.setString(1, passwordHash);
                update.setString(2, account.login());
                update.setString(3, account.tenant().asString());
                if (update.executeUpdate() > 0) {
                    return false;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_submission_account (login, tenant_id, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, account.login());
                insert.setString(2, account.tenant().asString());
                insert.setString(3, passwordHash);
                SqlTimestamps.set(insert, 4, account.createdAt());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw new SubmissionAccountTakenException(account.login());
                }
                throw e;
            }
        });
    }

    public boolean delete(TenantId tenant, String login) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_submission_account WHERE login = ? AND tenant_id = ?")) {
                delete.setString(1, login.trim().toLowerCase(Locale.ROOT));
                delete.setString(2, tenant.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static SubmissionAccount read(ResultSet resultSet) throws SQLException {
        Instant created = SqlTimestamps.get(resultSet, 3);
        return new SubmissionAccount(resultSet.getString(1), TenantId.of(resultSet.getString(2)), created);
    }
}
