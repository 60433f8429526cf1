package org.gatehouse.dkim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.store.Database;
import org.gatehouse.store.SqlTimestamps;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.TenantId;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The tenants' DKIM keys ({@code gh_dkim_key}), per domain and selector; the private key as base64 PKCS#8, read only
 * by {@link #signingKey} for the signer. At most one key of a domain is active: activating one retires the other.
 * The signer's key of a domain is read and decoded once per {@link #SIGNING_KEY_REUSED_FOR}, not once per message;
 * activating a key on this node drops it at once, another node's activation is seen within that time (the retired key
 * still verifies meanwhile: its TXT record stays published until it is deleted, days later).
 */
public class JdbcDkimKeys {
    private static final String COLUMNS = "tenant_id, domain, selector, state, public_key, created_at, activated_at, retired_at";

    /** How long the signer's key of a domain, once read and decoded, is used again without reading it. */
    static final Duration SIGNING_KEY_REUSED_FOR = Duration.ofSeconds(10);

    private record Domain(TenantId tenant, DomainName domain) {
    }

    private final Database database;
    private final Cache<Domain, Optional<SigningKey>> signingKeys;

    @Inject
    public JdbcDkimKeys(Database database) {
        this(database, Ticker.systemTicker());
    }

    @VisibleForTesting
    JdbcDkimKeys(Database database, Ticker ticker) {
        this.database = database;
        this.signingKeys = CacheBuilder.newBuilder().ticker(ticker).expireAfterWrite(SIGNING_KEY_REUSED_FOR).maximumSize(10_000).build();
    }

    /** Stores a new key; a selector already used for the domain is refused, nothing changed. */
    public void create(DkimKey key, byte[] privateKeyPkcs8) {
        database.inTransaction(connection -> {
            if (find(connection, key.tenant(), key.domain(), key.selector()).isPresent()) {
                throw taken(key.domain(), key.selector());
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gh_dkim_key (" + COLUMNS + ", private_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key.tenant().asString());
                insert.setString(2, key.domain().asString());
                insert.setString(3, key.selector().asString());
                insert.setString(4, key.state().asString());
                insert.setString(5, key.publicKey());
                SqlTimestamps.set(insert, 6, key.createdAt());
                setOptional(insert, 7, key.activatedAt());
                setOptional(insert, 8, key.retiredAt());
                insert.setString(9, Base64.getEncoder().encodeToString(privateKeyPkcs8));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw taken(key.domain(), key.selector());
                }
                throw e;
            }
            return null;
        });
    }

    public List<DkimKey> list(TenantId tenant) {
        return select("SELECT " + COLUMNS + " FROM gh_dkim_key WHERE tenant_id = ? ORDER BY domain, created_at, selector", tenant.asString());
    }

    public List<DkimKey> list(TenantId tenant, DomainName domain) {
        return select("SELECT " + COLUMNS + " FROM gh_dkim_key WHERE tenant_id = ? AND domain = ? ORDER BY created_at, selector",
            tenant.asString(), domain.asString());
    }

    public Optional<DkimKey> find(TenantId tenant, DomainName domain, DkimSelector selector) {
        return database.inTransaction(connection -> find(connection, tenant, domain, selector));
    }

    /**
     * Makes the key the domain's signing key; the key active until now is retired (kept, so that its TXT record can be
     * removed later). Activating the active key changes nothing; a retired key is not brought back.
     */
    public Optional<DkimKey> activate(TenantId tenant, DomainName domain, DkimSelector selector, Instant now) {
        try {
            return activateInStore(tenant, domain, selector, now);
        } finally {
            signingKeys.invalidate(new Domain(tenant, domain));
        }
    }

    private Optional<DkimKey> activateInStore(TenantId tenant, DomainName domain, DkimSelector selector, Instant now) {
        return database.inTransaction(connection -> {
            Optional<DkimKey> key = find(connection, tenant, domain, selector);
            if (key.isEmpty() || key.get().state() == DkimKeyState.ACTIVE) {
                return key;
            }
            if (key.get().state() == DkimKeyState.RETIRED) {
                throw new DkimKeyConflictException("The DKIM key " + key.get().dnsName() + " is retired; generate a new key instead");
            }
            try (PreparedStatement retire = connection.prepareStatement("UPDATE gh_dkim_key SET state = ?, retired_at = ?"
                + " WHERE tenant_id = ? AND domain = ? AND state = ?")) {
                retire.setString(1, DkimKeyState.RETIRED.asString());
                SqlTimestamps.set(retire, 2, now);
                retire.setString(3, tenant.asString());
                retire.setString(4, domain.asString());
                retire.setString(5, DkimKeyState.ACTIVE.asString());
                retire.executeUpdate();
            }
            try (PreparedStatement activate = connection.prepareStatement("UPDATE gh_dkim_key SET state = ?, activated_at = ?"
                + " WHERE tenant_id = ? AND domain = ? AND selector = ?")) {
                activate.setString(1, DkimKeyState.ACTIVE.asString());
                SqlTimestamps.set(activate, 2, now);
                activate.setString(3, tenant.asString());
                activate.setString(4, domain.asString());
                activate.setString(5, selector.asString());
                activate.executeUpdate();
            }
            return find(connection, tenant, domain, selector);
        });
    }

    /** Deletes a pending or retired key; @return whether there was one. The active key is refused: activate another first. */
    public boolean delete(TenantId tenant, DomainName domain, DkimSelector selector) {
        return database.inTransaction(connection -> {
            Optional<DkimKey> key = find(connection, tenant, domain, selector);
            if (key.isEmpty()) {
                return false;
            }
            if (key.get().state() == DkimKeyState.ACTIVE) {
                throw new DkimKeyConflictException("The DKIM key " + key.get().dnsName() + " is the domain's signing key;"
                    + " activate another key first");
            }
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM gh_dkim_key WHERE tenant_id = ? AND domain = ? AND selector = ?")) {
                delete.setString(1, tenant.asString());
                delete.setString(2, domain.asString());
                delete.setString(3, selector.asString());
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The domain's active key with its private key, for the signer; the last activated should two ever be active. */
    public Optional<SigningKey> signingKey(TenantId tenant, DomainName domain) {
        Domain key = new Domain(tenant, domain);
        Optional<SigningKey> known = signingKeys.getIfPresent(key);
        if (known != null) {
            return known;
        }
        // an unreadable key throws and is not kept: it is read again for the next message
        Optional<SigningKey> read = readSigningKey(tenant, domain);
        signingKeys.put(key, read);
        return read;
    }

    private Optional<SigningKey> readSigningKey(TenantId tenant, DomainName domain) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT selector, private_key FROM gh_dkim_key"
                + " WHERE tenant_id = ? AND domain = ? AND state = ? ORDER BY activated_at DESC")) {
                select.setString(1, tenant.asString());
                select.setString(2, domain.asString());
                select.setString(3, DkimKeyState.ACTIVE.asString());
                try (ResultSet resultSet = select.executeQuery()) {
                    if (!resultSet.next()) {
                        return Optional.empty();
                    }
                    DkimSelector selector = DkimSelector.of(resultSet.getString(1));
                    byte[] pkcs8;
                    try {
                        pkcs8 = Base64.getDecoder().decode(resultSet.getString(2));
                    } catch (IllegalArgumentException e) {
                        throw new SigningKey.UnreadableKeyException("The DKIM key " + selector.asString() + "._domainkey."
                            + domain.asString() + " is not stored as base64", e);
                    }
                    return Optional.of(SigningKey.fromPkcs8(domain, selector, pkcs8));
                }
            }
        });
    }

    private Optional<DkimKey> find(Connection connection, TenantId tenant, DomainName domain, DkimSelector selector) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM gh_dkim_key"
            + " WHERE tenant_id = ? AND domain = ? AND selector = ?")) {
            select.setString(1, tenant.asString());
            select.setString(2, domain.asString());
            select.setString(3, selector.asString());
            try (ResultSet resultSet = select.executeQuery()) {
                return resultSet.next() ? Optional.of(read(resultSet)) : Optional.empty();
            }
        }
    }

    private List<DkimKey> select(String sql, String... parameters) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                List<DkimKey> keys = new ArrayList<>();
                try (ResultSet resultSet = select.executeQuery()) {
                    while (resultSet.next()) {
                        keys.add(read(resultSet));
                    }
                }
                return List.copyOf(keys);
            }
        });
    }

    private static DkimKey read(ResultSet resultSet) throws SQLException {
        return DkimKey.of(TenantId.of(resultSet.getString(1)), DomainName.of(resultSet.getString(2)), DkimSelector.of(resultSet.getString(3)),
            DkimKeyState.parse(resultSet.getString(4)), resultSet.getString(5), SqlTimestamps.get(resultSet, 6),
            SqlTimestamps.getOptional(resultSet, 7), SqlTimestamps.getOptional(resultSet, 8));
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            SqlTimestamps.set(statement, index, instant.get());
        } else {
            statement.setNull(index, Types.TIMESTAMP);
        }
    }

    private static DkimKeyConflictException taken(DomainName domain, DkimSelector selector) {
        return new DkimKeyConflictException("The selector '" + selector.asString() + "' is already used for " + domain.asString());
    }
}
