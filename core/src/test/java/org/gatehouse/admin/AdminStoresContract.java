package org.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.store.Database;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** Accounts, API tokens and the audit log, on Derby and PostgreSQL. */
public interface AdminStoresContract {
    Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    TenantId ACME = TenantId.of("acme");
    TenantId GLOBEX = TenantId.of("globex");

    Database database();

    default JdbcAccounts accounts() {
        return new JdbcAccounts(database());
    }

    default JdbcAuditLog audit() {
        return new JdbcAuditLog(database());
    }

    @Test
    default void createShouldStoreTheRoleAndTenants() {
        accounts().create(Account.of("alice", Role.TENANT_ADMIN, List.of(GLOBEX, ACME), T0), Optional.of("$argon2id$x"));

        assertThat(accounts().get("alice")).contains(Account.of("alice", Role.TENANT_ADMIN, List.of(ACME, GLOBEX), T0));
        assertThat(accounts().passwordHash("alice")).contains("$argon2id$x");
        assertThat(accounts().hasAny()).isTrue();
    }

    @Test
    default void createShouldRefuseAnExistingLogin() {
        accounts().create(Account.of("alice", Role.OPERATOR, List.of(), T0), Optional.empty());

        assertThatThrownBy(() -> accounts().create(Account.of("alice", Role.HELPDESK, List.of(ACME), T0), Optional.empty()))
            .isInstanceOf(AccountException.class).hasMessageContaining("exists");
        assertThat(accounts().get("alice").orElseThrow().role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    default void updateShouldReplaceTheRoleAndTenants() {
        accounts().create(Account.of("bob", Role.HELPDESK, List.of(ACME), T0), Optional.empty());

        accounts().update(Account.of("bob", Role.READ_ONLY, List.of(GLOBEX), T0));

        assertThat(accounts().get("bob")).contains(Account.of("bob", Role.READ_ONLY, List.of(GLOBEX), T0));
        assertThat(accounts().list()).extracting(Account::login).containsExactly("bob");
    }

    @Test
    default void authenticateShouldGiveTheAccountOfAnActiveToken() {
        accounts().create(Account.of("bob", Role.HELPDESK, List.of(ACME), T0), Optional.empty());
        IssuedToken issued = accounts().issueToken("bob", "script", Optional.of(T0.plus(Duration.ofDays(1))), T0);

        assertThat(accounts().authenticate(issued.bearer(), T0.plusSeconds(5))).map(Account::login).contains("bob");
        assertThat(accounts().tokens("bob")).singleElement().satisfies(token -> {
            assertThat(token.lastUsedAt()).contains(T0.plusSeconds(5));
            assertThat(token.description()).isEqualTo("script");
        });
    }

    @Test
    default void authenticateShouldRefuseAWrongExpiredRevokedOrMalformedToken() {
        accounts().create(Account.of("bob", Role.HELPDESK, List.of(ACME), T0), Optional.empty());
        IssuedToken expiring = accounts().issueToken("bob", "", Optional.of(T0.plus(Duration.ofHours(1))), T0);
        IssuedToken revoked = accounts().issueToken("bob", "", Optional.empty(), T0);
        accounts().revokeToken("bob", revoked.token().id(), T0.plusSeconds(1));
        String wrongSecret = expiring.bearer().substring(0, expiring.bearer().length() - 1)
            + (expiring.bearer().endsWith("A") ? "B" : "A");

        assertThat(accounts().authenticate(expiring.bearer(), T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(accounts().authenticate(revoked.bearer(), T0.plusSeconds(2))).isEmpty();
        assertThat(accounts().authenticate(wrongSecret, T0.plusSeconds(2))).isEmpty();
        assertThat(accounts().authenticate("gh_'; DROP TABLE gh_account; --", T0)).isEmpty();
        assertThat(accounts().authenticate(expiring.bearer(), T0.plusSeconds(2))).isPresent();
    }

    @Test
    default void tokensShouldNeverHoldTheSecret() {
        accounts().create(Account.of("bob", Role.HELPDESK, List.of(ACME), T0), Optional.empty());
        IssuedToken issued = accounts().issueToken("bob", "", Optional.empty(), T0);
        String secret = issued.bearer().substring(issued.bearer().lastIndexOf('_') + 1);

        String stored = database().inTransaction(connection -> {
            try (var select = connection.prepareStatement("SELECT secret_hash FROM gh_api_token"); var row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });
        assertThat(stored).doesNotContain(secret).hasSize(64);
    }

    @Test
    default void deleteShouldRemoveTheAccountAndItsTokens() {
        accounts().create(Account.of("bob", Role.HELPDESK, List.of(ACME), T0), Optional.empty());
        IssuedToken issued = accounts().issueToken("bob", "", Optional.empty(), T0);

        assertThat(accounts().delete("bob")).isTrue();

        assertThat(accounts().get("bob")).isEmpty();
        assertThat(accounts().authenticate(issued.bearer(), T0)).isEmpty();
        assertThat(accounts().tokens("bob")).isEmpty();
    }

    @Test
    default void searchShouldFilterByTenantScopeAccountAndTimeNewestFirst() {
        audit().append(AuditRecord.of(T0, Optional.of("alice"), Optional.of(Role.TENANT_ADMIN), Optional.of("192.0.2.1"), Optional.of(ACME),
            "PUT /gatehouse/tenants/:id/policy", Optional.of("/gatehouse/tenants/acme/policy"), 204, Optional.of("{\"a\":1}"),
            Optional.of("{\"a\":2}")));
        audit().append(AuditRecord.of(T0.plusSeconds(1), Optional.of("carol"), Optional.of(Role.OPERATOR), Optional.of("192.0.2.2"),
            Optional.of(GLOBEX), "DELETE /gatehouse/quarantine/:id", Optional.of("q1"), 204, Optional.empty(), Optional.empty()));
        audit().append(AuditRecord.of(T0.plusSeconds(2), Optional.empty(), Optional.empty(), Optional.of("198.51.100.9"), Optional.empty(),
            "authentication", Optional.empty(), 401, Optional.empty(), Optional.empty()));

        assertThat(audit().search(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), 0, 10))).extracting(AuditRecord::status).containsExactly(401, 204, 204);
        assertThat(audit().search(new AuditQuery(Optional.empty(), Optional.of(Set.of(ACME)), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), 0, 10))).singleElement().satisfies(record -> {
                assertThat(record.account()).contains("alice");
                assertThat(record.role()).contains(Role.TENANT_ADMIN);
                assertThat(record.before()).contains("{\"a\":1}");
                assertThat(record.after()).contains("{\"a\":2}");
                assertThat(record.at()).isEqualTo(T0);
            });
        assertThat(audit().search(new AuditQuery(Optional.of(GLOBEX), Optional.of(Set.of(ACME)), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), 0, 10))).isEmpty();
        assertThat(audit().search(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("carol"), Optional.empty(),
            Optional.of(T0), Optional.of(T0.plusSeconds(2)), 0, 10))).extracting(AuditRecord::target).containsExactly(Optional.of("q1"));
        assertThat(audit().search(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), 1, 1))).extracting(AuditRecord::account).containsExactly(Optional.of("carol"));
    }
}
