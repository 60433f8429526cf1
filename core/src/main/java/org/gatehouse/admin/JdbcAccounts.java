package org.gatehouse.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.TenantId;

/**
 * Administration accounts and their API tokens in the policy database ({@code gh_account}, {@code gh_account_tenant},
 * {@code gh_api_token}). Passwords are stored as Argon2id hashes ({@link PasswordHasher}); a token is
 * {@code gh_<id>_<secret>} with 256 random bits of secret, of which only the SHA-256 is stored.
 */
public class JdbcAccounts {
    private static final Pattern BEARER = Pattern.compile("gh_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final int MAX_DESCRIPTION = 200;

    private final Database database;

    @Inject
    public JdbcAccounts(Database database) {
        this.database = database;
    }

    public void create(Account account, Optional<String> passwordHash) {
        database.inTransaction(connection -> {
            if (find(connection, account.login()).isPresent()) {
                throw new AccountException("account " + account.login() + " exists already");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO gh_account (login, role, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, account.login());
                insert.setString(2, account.role().asString());
                insert.setString(3, passwordHash.orElse(null));
                SqlTimestamps.set(insert, 4, account.createdAt());
                insert.executeUpdate();
            }
            writeTenants(connection, account);
            return null;
        });
    }

    /** Changes the role and tenants of an existing account. */
    public void update(Account account) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE gh_account SET role = ? WHERE login = ?")) {
                update.setString(1, account.role().asString());
                update.setString(2, account.login());
                if (update.executeUpdate() == 0) {
                    throw new AccountException("no account " + account.login());
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_account_tenant WHERE login = ?")) {
                delete.setString(1, account.login());
                delete.executeUpdate();
            }
            writeTenants(connection, account);
            return null;
        });
    }

    private static void writeTenants(Connection connection, Account account) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_account_tenant (login, tenant_id) VALUES (?, ?)")) {
            for (TenantId tenant : account.tenants()) {
                insert.setString(1, account.login());
                insert.setString(2, tenant.asString());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public boolean setPassword(String login, String passwordHash) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE gh_account SET password_hash = ? WHERE login = ?")) {
                update.setString(1, passwordHash);
                update.setString(2, login);
                return update.executeUpdate() > 0;
            }
        });
    }

    public Optional<String> passwordHash(String login) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT password_hash FROM gh_account WHERE login = ?")) {
                select.setString(1, login);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Deletes the account and its tokens. */
    public boolean delete(String login) {
        return database.inTransaction(connection -> {
            for (String table : List.of("gh_api_token", "gh_account_tenant")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE login = ?")) {
                    delete.setString(1, login);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM gh_account WHERE login = ?")) {
                delete.setString(1, login);
                return delete.executeUpdate() > 0;
            }
        });
    }

    public Optional<Account> get(String login) {
        return database.inTransaction(connection -> find(connection, login));
    }

    /** Every account, by login. */
    public List<Account> list() {
        return database.inTransaction(connection -> {
            Map<String, List<TenantId>> tenants = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT login, tenant_id FROM gh_account_tenant ORDER BY login, tenant_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tenants.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(TenantId.of(rows.getString(2)));
                }
            }
            List<Account> accounts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT login, role, created_at FROM gh_account ORDER BY login");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String login = rows.getString(1);
                    accounts.add(Account.of(login, Role.parse(rows.getString(2)).orElseThrow(), tenants.getOrDefault(login, List.of()),
                        SqlTimestamps.get(rows, 3)));
                }
            }
            return accounts;
        });
    }

    public boolean hasAny() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM gh_account FETCH FIRST 1 ROWS ONLY");
                 ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
    }

    private static Optional<Account> find(Connection connection, String login) throws SQLException {
        String role;
        Instant created;
        try (PreparedStatement select = connection.prepareStatement("SELECT role, created_at FROM gh_account WHERE login = ?")) {
            select.setString(1, login);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                role = row.getString(1);
                created = SqlTimestamps.get(row, 2);
            }
        }
        List<TenantId> tenants = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id FROM gh_account_tenant WHERE login = ? ORDER BY tenant_id")) {
            select.setString(1, login);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tenants.add(TenantId.of(rows.getString(1)));
                }
            }
        }
        return Optional.of(Account.of(login, Role.parse(role).orElseThrow(), tenants, created));
    }

    /** Issues a token for the account: the returned bearer is the only copy of its secret. */
    public IssuedToken issueToken(String login, String description, Optional<Instant> expiresAt, Instant now) {
        String cleanDescription = description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description;
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        database.inTransaction(connection -> {
            if (find(connection, login).isEmpty()) {
                throw new AccountException("no account " + login);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_api_token (id, login, secret_hash, description,"
                + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, login);
                insert.setString(3, sha256(secret));
                insert.setString(4, cleanDescription);
                SqlTimestamps.set(insert, 5, now);
                if (expiresAt.isPresent()) {
                    SqlTimestamps.set(insert, 6, expiresAt.get());
                } else {
                    insert.setNull(6, java.sql.Types.TIMESTAMP);
                }
                insert.executeUpdate();
            }
            return null;
        });
        return new IssuedToken(new ApiToken(id, login, cleanDescription, now, expiresAt, Optional.empty(), Optional.empty()),
            "gh_" + id + "_" + secret);
    }

    public List<ApiToken> tokens(String login) {
        return database.inTransaction(connection -> {
            List<ApiToken> tokens = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, login, description, created_at, expires_at, revoked_at,"
                + " last_used_at FROM gh_api_token WHERE login = ? ORDER BY created_at, id")) {
                select.setString(1, login);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tokens.add(token(rows));
                    }
                }
            }
            return tokens;
        });
    }

    private static ApiToken token(ResultSet rows) throws SQLException {
        return new ApiToken(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)).orElse(""), SqlTimestamps.get(rows, 4),
            SqlTimestamps.getOptional(rows, 5), SqlTimestamps.getOptional(rows, 6), SqlTimestamps.getOptional(rows, 7));
    }

    /** Revokes one of the account's tokens; false when it has no such token or it was revoked already. */
    public boolean revokeToken(String login, String id, Instant now) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gh_api_token SET revoked_at = ? WHERE id = ? AND login = ? AND revoked_at IS NULL")) {
                SqlTimestamps.set(update, 1, now);
                update.setString(2, id);
                update.setString(3, login);
                return update.executeUpdate() > 0;
            }
        });
    }

    /**
     * The account a bearer token stands for, when the token is well formed, known, not revoked, not expired, and its
     * secret matches (compared in constant time). Records when it was last used, to the minute.
     */
    public Optional<Account> authenticate(String bearer, Instant now) {
        Matcher parts = BEARER.matcher(bearer == null ? "" : bearer);
        if (!parts.matches()) {
            return Optional.empty();
        }
        String id = parts.group(1);
        byte[] presented = sha256(parts.group(2)).getBytes(StandardCharsets.US_ASCII);
        return database.inTransaction(connection -> {
            ApiToken token;
            String stored;
            try (PreparedStatement select = connection.prepareStatement("SELECT id, login, description, created_at, expires_at, revoked_at,"
                + " last_used_at, secret_hash FROM gh_api_token WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<Account>empty();
                    }
                    token = token(row);
                    stored = row.getString(8);
                }
            }
            if (!MessageDigest.isEqual(presented, stored.getBytes(StandardCharsets.US_ASCII)) || !token.isActive(now)) {
                return Optional.<Account>empty();
            }
            if (token.lastUsedAt().map(last -> last.plus(LAST_USED_PRECISION).isBefore(now)).orElse(true)) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE gh_api_token SET last_used_at = ? WHERE id = ?")) {
                    SqlTimestamps.set(update, 1, now);
                    update.setString(2, id);
                    update.executeUpdate();
                }
            }
            return find(connection, token.login());
        });
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
