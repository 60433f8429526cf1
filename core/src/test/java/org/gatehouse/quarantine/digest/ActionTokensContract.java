package org.gatehouse.quarantine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gatehouse.quarantine.digest.TokenVerification.Failure;
import org.gatehouse.store.Database;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantStoreContract;
import org.gatehouse.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the signing keys, the used-token record and the tokens built on them guarantee; implemented by the Derby and
 * PostgreSQL store tests.
 */
public interface ActionTokensContract {
    Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    Instant EXPIRY = T0.plus(Duration.ofHours(72));
    TenantId ACME = TenantStoreContract.ACME_ID;
    TenantId GLOBEX = TenantStoreContract.GLOBEX_ID;
    String ALICE = "alice@acme.example";

    Database database();

    MutableClock clock();

    default SigningKeys keys() {
        return new JdbcSigningKeys(database(), clock(), new java.security.SecureRandom());
    }

    default UsedTokens usedTokens() {
        return new JdbcUsedTokens(database());
    }

    default ActionTokens tokens() {
        return new ActionTokens(keys(), usedTokens());
    }

    @BeforeEach
    default void createTenants() {
        JdbcTenantStore tenants = new JdbcTenantStore(database());
        tenants.save(TenantStoreContract.ACME);
        tenants.save(TenantStoreContract.GLOBEX);
    }

    // signing keys

    @Test
    default void currentShouldCreateKeyOneOnFirstUseAndKeepIt() {
        SigningKey first = keys().current(ACME);

        assertThat(first.id()).isEqualTo(1);
        assertThat(first.createdAt()).isEqualTo(T0);
        assertThat(first.isRetired()).isFalse();
        assertThat(keys().current(ACME)).isEqualTo(first);
        assertThat(keys().list(ACME)).containsExactly(first);
    }

    @Test
    default void currentShouldGiveEachTenantItsOwnKey() {
        SigningKey acme = keys().current(ACME);
        SigningKey globex = keys().current(GLOBEX);

        assertThat(acme.id()).isEqualTo(globex.id());
        assertThat(acme).isNotEqualTo(globex);
    }

    @Test
    default void currentShouldRefuseAnUnknownTenant() {
        assertThatThrownBy(() -> keys().current(TenantId.of("nobody"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void rotateShouldAddTheNextKeyAndRetireThePrevious() {
        SigningKey first = keys().current(ACME);
        clock().advance(Duration.ofMinutes(5));

        SigningKey second = keys().rotate(ACME);

        assertThat(second.id()).isEqualTo(2);
        assertThat(keys().current(ACME)).isEqualTo(second);
        assertThat(keys().find(ACME, 1)).hasValueSatisfying(key -> {
            assertThat(key.retiredAt()).contains(T0.plus(Duration.ofMinutes(5)));
            assertThat(key.createdAt()).isEqualTo(first.createdAt());
        });
        assertThat(keys().find(GLOBEX, 1)).isEmpty();
    }

    @Test
    default void currentShouldCreateKeysOnceWhenNodesAskTogether() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SigningKey>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return keys().current(ACME);
                }));
            }
            start.countDown();
            for (Future<SigningKey> future : futures) {
                assertThat(future.get().id()).isEqualTo(1);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(keys().list(ACME)).hasSize(1);
    }

    @Test
    default void purgeRetiredBeforeShouldDeleteOnlyKeysRetiredBeforeTheCutoff() {
        keys().current(ACME);
        keys().rotate(ACME);
        clock().advance(Duration.ofDays(1));
        keys().rotate(ACME);

        assertThat(keys().purgeRetiredBefore(T0.plus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(keys().list(ACME)).extracting(SigningKey::id).containsExactly(2, 3);
    }

    // used tokens

    @Test
    default void markUsedShouldSucceedOnceOnly() {
        assertThat(usedTokens().isUsed("t1")).isFalse();
        assertThat(usedTokens().markUsed("t1", EXPIRY, T0)).isTrue();
        assertThat(usedTokens().markUsed("t1", EXPIRY, T0)).isFalse();
        assertThat(usedTokens().isUsed("t1")).isTrue();
        assertThat(usedTokens().markUsed("t2", EXPIRY, T0)).isTrue();
    }

    @Test
    default void markUsedShouldLetExactlyOneOfConcurrentUsesWin() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit((Callable<Boolean>) () -> {
                    start.await();
                    return usedTokens().markUsed("contended", EXPIRY, T0);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> future : futures) {
                winners += future.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    default void purgeExpiredShouldForgetOnlyExpiredUses() {
        usedTokens().markUsed("old", T0.plusSeconds(10), T0);
        usedTokens().markUsed("new", EXPIRY, T0);

        assertThat(usedTokens().purgeExpired(T0.plusSeconds(10))).isEqualTo(1);

        assertThat(usedTokens().isUsed("old")).isFalse();
        assertThat(usedTokens().isUsed("new")).isTrue();
    }

    // tokens

    @Test
    default void verifyShouldReturnWhatWasIssued() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE_AND_ALLOW, EXPIRY.plusMillis(700));

        TokenVerification verification = tokens().verify(token, T0);

        assertThat(verification.isValid()).isTrue();
        ActionToken valid = verification.token();
        assertThat(valid.tenant()).isEqualTo(ACME);
        assertThat(valid.entryId()).contains("entry-1");
        assertThat(valid.recipient()).isEqualTo(ALICE);
        assertThat(valid.action()).isEqualTo(TokenAction.RELEASE_AND_ALLOW);
        assertThat(valid.expiresAt()).isEqualTo(EXPIRY);
        assertThat(valid.tokenId()).matches("[0-9a-f]{32}");
        assertThat(valid.keyId()).isEqualTo(1);
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    default void issueShouldGiveEveryTokenItsOwnId() {
        String first = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String second = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);

        assertThat(tokens().verify(first, T0).token().tokenId()).isNotEqualTo(tokens().verify(second, T0).token().tokenId());
    }

    @Test
    default void verifyShouldReadBackEveryActionOfAnEntry() {
        for (TokenAction action : TokenAction.values()) {
            if (action.needsEntry()) {
                assertThat(tokens().verify(tokens().issue(ACME, "entry-1", ALICE, action, EXPIRY), T0).token().action()).isEqualTo(action);
            }
        }
    }

    @Test
    default void verifyShouldNotUseTheToken() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);

        tokens().verify(token, T0);
        tokens().verify(token, T0);

        assertThat(tokens().consume(token, T0).isValid()).isTrue();
    }

    @Test
    default void consumeShouldWorkOnceThenReportAlreadyUsed() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.BLOCK_SENDER, EXPIRY);

        assertThat(tokens().consume(token, T0).isValid()).isTrue();

        assertThat(tokens().consume(token, T0).failure()).contains(Failure.ALREADY_USED);
        assertThat(tokens().verify(token, T0).failure()).contains(Failure.ALREADY_USED);
    }

    @Test
    default void consumeShouldLeaveAListTokenUsableUntilItExpires() {
        String token = tokens().issueList(ACME, ALICE, EXPIRY);

        assertThat(tokens().consume(token, T0).isValid()).isTrue();
        assertThat(tokens().consume(token, T0).isValid()).isTrue();
        assertThat(tokens().verify(token, T0).token().entryId()).isEmpty();
        assertThat(tokens().consume(token, EXPIRY).failure()).contains(Failure.EXPIRED);
    }

    @Test
    default void verifyShouldRefuseATokenFromItsExpiryOn() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);

        assertThat(tokens().verify(token, EXPIRY.minusSeconds(1)).isValid()).isTrue();
        assertThat(tokens().verify(token, EXPIRY).failure()).contains(Failure.EXPIRED);
        assertThat(tokens().consume(token, EXPIRY).failure()).contains(Failure.EXPIRED);
    }

    @Test
    default void verifyShouldAcceptTokensOfARetiredKeyUntilTheyExpire() {
        String old = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        keys().rotate(ACME);
        String fresh = tokens().issue(ACME, "entry-2", ALICE, TokenAction.RELEASE, EXPIRY);

        assertThat(tokens().verify(old, T0).token().keyId()).isEqualTo(1);
        assertThat(tokens().verify(fresh, T0).token().keyId()).isEqualTo(2);
        assertThat(tokens().verify(old, EXPIRY).failure()).contains(Failure.EXPIRED);
    }

    @Test
    default void revokeAllShouldInvalidateEveryLink() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String globex = tokens().issue(GLOBEX, "entry-9", "bob@globex.example", TokenAction.RELEASE, EXPIRY);

        assertThat(keys().revokeAll(ACME)).isEqualTo(1);

        assertThat(tokens().verify(token, T0).failure()).contains(Failure.UNKNOWN_KEY);
        assertThat(tokens().verify(globex, T0).isValid()).isTrue();
        // a new key 1 comes with the next link, and the revoked links stay invalid
        tokens().issue(ACME, "entry-2", ALICE, TokenAction.RELEASE, EXPIRY);
        assertThat(tokens().verify(token, T0).failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    default void verifyShouldRefuseATokenOfAnotherTenantsKey() {
        keys().current(GLOBEX);
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String[] parts = token.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        // the tenant id is written after the version byte, as a 2-byte length and its characters: acme -> globex would
        // change the length, so swap to another 4-letter tenant that exists
        new JdbcTenantStore(database()).save(TenantStoreContract.tenant(TenantId.of("zeta"), "Zeta", List.of("zeta.example"), List.of()));
        keys().current(TenantId.of("zeta"));
        byte[] forged = payload.clone();
        System.arraycopy("zeta".getBytes(StandardCharsets.US_ASCII), 0, forged, 3, 4);
        String forgedToken = Base64.getUrlEncoder().withoutPadding().encodeToString(forged) + "." + parts[1];

        assertThat(tokens().verify(forgedToken, T0).failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    default void verifyShouldRefuseATamperedPayload() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String[] parts = token.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        // the action code: RELEASE -> BLOCK_SENDER
        int action = 1 + 2 + 4 + 4 + 16;
        assertThat(payload[action]).isEqualTo((byte) 'R');
        payload[action] = 'B';
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[1];

        assertThat(tokens().verify(tampered, T0).failure()).contains(Failure.BAD_SIGNATURE);
        assertThat(tokens().consume(tampered, T0).failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    default void verifyShouldRefuseASwappedSignature() {
        String first = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String second = tokens().issue(ACME, "entry-2", ALICE, TokenAction.RELEASE, EXPIRY);
        String swapped = first.split("\\.")[0] + "." + second.split("\\.")[1];

        assertThat(tokens().verify(swapped, T0).failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    default void verifyShouldCallAnythingElseMalformedWithoutThrowing() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String[] parts = token.split("\\.");
        List<String> garbage = new ArrayList<>(List.of("", ".", "..", "a", "a.b", "a.b.c", "%%%.%%%", "\u0000.\u0000",
            "é.é", parts[0], parts[0] + ".", "." + parts[1], token + "." + parts[1], token + "A", "A" + token,
            parts[0] + "==." + parts[1], "x".repeat(5000), token.replace('.', ' ')));
        for (int cut = 1; cut < token.length(); cut += 7) {
            garbage.add(token.substring(0, cut));
        }
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        for (int length = 0; length < payload.length; length += 5) {
            byte[] truncated = java.util.Arrays.copyOf(payload, length);
            garbage.add(Base64.getUrlEncoder().withoutPadding().encodeToString(truncated) + "." + parts[1]);
        }
        garbage.add(null);

        for (String candidate : garbage) {
            TokenVerification verification = tokens().verify(candidate, T0);
            assertThat(verification.isValid()).as(String.valueOf(candidate)).isFalse();
            assertThat(verification.failure()).as(String.valueOf(candidate)).isPresent();
        }
        assertThat(tokens().verify("x".repeat(5000), T0).failure()).contains(Failure.MALFORMED);
        assertThat(tokens().verify(token.substring(0, token.length() - 3), T0).failure()).contains(Failure.MALFORMED);
        assertThat(tokens().verify(token, T0).isValid()).isTrue();
    }

    @Test
    default void verifyShouldRefuseAnUnknownKeyId() {
        String token = tokens().issue(ACME, "entry-1", ALICE, TokenAction.RELEASE, EXPIRY);
        String[] parts = token.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        payload[1 + 2 + 4 + 3] = 9;
        String otherKey = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[1];

        assertThat(tokens().verify(otherKey, T0).failure()).contains(Failure.UNKNOWN_KEY);
    }

    @Test
    default void issueShouldRefuseAListActionWithAnEntry() {
        assertThatThrownBy(() -> tokens().issue(ACME, "entry-1", ALICE, TokenAction.LIST, EXPIRY))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens().verify(tokens().issueList(ACME, ALICE, EXPIRY), T0).token().action()).isEqualTo(TokenAction.LIST);
    }
}
