package org.gatehouse.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.gatehouse.store.Database;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.JdbcTenantStore;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

/** The tenants' DKIM keys and their states, on Derby and PostgreSQL. */
public interface DkimKeysContract {
    TenantId ACME = TenantId.of("acme");
    TenantId OTHER = TenantId.of("other");
    DomainName DOMAIN = DomainName.of("acme.example");
    Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    Instant LATER = Instant.parse("2026-12-02T10:00:00Z");
    Instant LATEST = Instant.parse("2026-12-03T10:00:00Z");
    DkimKeyGenerator GENERATOR = new DkimKeyGenerator();

    Database database();

    default JdbcDkimKeys keys() {
        return new JdbcDkimKeys(database());
    }

    @BeforeEach
    default void createTenants() {
        JdbcTenantStore tenants = new JdbcTenantStore(database());
        tenants.save(Tenant.of(ACME, "Acme", List.of(DOMAIN), Downstream.of("127.0.0.1", 25, false), List.of()));
        tenants.save(Tenant.of(OTHER, "Other", List.of(DomainName.of("other.example")), Downstream.of("127.0.0.1", 25, false), List.of()));
    }

    /** A new pending key stored for the selector; its generated pair. */
    default DkimKeyGenerator.Generated create(TenantId tenant, String selector) {
        DkimKeyGenerator.Generated generated = GENERATOR.generate();
        keys().create(DkimKey.of(tenant, DOMAIN, DkimSelector.of(selector), DkimKeyState.PENDING, generated.publicKey(), CREATED,
            Optional.empty(), Optional.empty()), generated.privateKeyPkcs8());
        return generated;
    }

    @Test
    default void createShouldStoreAPendingKeyThatDoesNotSign() {
        DkimKeyGenerator.Generated generated = create(ACME, "gh202612");

        assertThat(keys().list(ACME, DOMAIN)).singleElement().satisfies(key -> {
            assertThat(key.selector()).isEqualTo(DkimSelector.of("gh202612"));
            assertThat(key.state()).isEqualTo(DkimKeyState.PENDING);
            assertThat(key.publicKey()).isEqualTo(generated.publicKey());
            assertThat(key.createdAt()).isEqualTo(CREATED);
            assertThat(key.activatedAt()).isEmpty();
        });
        assertThat(keys().signingKey(ACME, DOMAIN)).isEmpty();
    }

    @Test
    default void createShouldRefuseASelectorAlreadyUsedForTheDomain() {
        create(ACME, "gh202612");

        assertThatThrownBy(() -> create(ACME, "gh202612")).isInstanceOf(DkimKeyConflictException.class).hasMessageContaining("gh202612");
        assertThat(keys().list(ACME)).hasSize(1);
    }

    @Test
    default void activateShouldMakeTheKeyTheSigningKeyWithItsPrivateKey() throws Exception {
        DkimKeyGenerator.Generated generated = create(ACME, "gh202612");

        assertThat(keys().activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATER)).hasValueSatisfying(key -> {
            assertThat(key.state()).isEqualTo(DkimKeyState.ACTIVE);
            assertThat(key.activatedAt()).contains(LATER);
        });

        SigningKey signing = keys().signingKey(ACME, DOMAIN).orElseThrow();
        assertThat(signing.selector()).isEqualTo(DkimSelector.of("gh202612"));
        String message = "From: a@acme.example\r\nSubject: s\r\n\r\nbody\r\n";
        String signed = DkimSigning.sign(message.getBytes(StandardCharsets.UTF_8), signing, CREATED) + "\r\n" + message;
        assertThat(new org.apache.james.jdkim.DKIMVerifier((method, selector, domain) -> List.of("v=DKIM1; k=rsa; p=" + generated.publicKey()))
            .verify(new java.io.ByteArrayInputStream(signed.getBytes(StandardCharsets.UTF_8)))).hasSize(1);
    }

    @Test
    default void activateShouldRetireThePreviousKeyAndKeepItListed() {
        create(ACME, "gh202612");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATER);
        create(ACME, "gh202701");

        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202701"), LATEST);

        assertThat(keys().list(ACME, DOMAIN)).extracting(key -> key.selector().asString() + "=" + key.state().asString())
            .containsExactly("gh202612=retired", "gh202701=active");
        assertThat(keys().find(ACME, DOMAIN, DkimSelector.of("gh202612")).orElseThrow().retiredAt()).contains(LATEST);
        assertThat(keys().signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202701"));
    }

    @Test
    default void activateShouldRefuseARetiredKeyAndChangeNothing() {
        create(ACME, "gh202612");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATER);
        create(ACME, "gh202701");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202701"), LATEST);

        assertThatThrownBy(() -> keys().activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATEST))
            .isInstanceOf(DkimKeyConflictException.class);
        assertThat(keys().signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202701"));
    }

    @Test
    default void activateShouldFindNothingWhenTheKeyIsAnotherTenants() {
        create(ACME, "gh202612");

        assertThat(keys().activate(OTHER, DOMAIN, DkimSelector.of("gh202612"), LATER)).isEmpty();
        assertThat(keys().list(OTHER)).isEmpty();
        assertThat(keys().find(ACME, DOMAIN, DkimSelector.of("gh202612")).orElseThrow().state()).isEqualTo(DkimKeyState.PENDING);
    }

    @Test
    default void deleteShouldRemoveARetiredKeyAndRefuseTheActiveOne() {
        create(ACME, "gh202612");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATER);
        create(ACME, "gh202701");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202701"), LATEST);

        assertThatThrownBy(() -> keys().delete(ACME, DOMAIN, DkimSelector.of("gh202701"))).isInstanceOf(DkimKeyConflictException.class);
        assertThat(keys().delete(ACME, DOMAIN, DkimSelector.of("gh202612"))).isTrue();
        assertThat(keys().delete(ACME, DOMAIN, DkimSelector.of("gh202612"))).isFalse();

        assertThat(keys().list(ACME)).extracting(key -> key.selector().asString()).containsExactly("gh202701");
    }

    @Test
    default void keysShouldGoWithTheirTenant() {
        create(ACME, "gh202612");

        new JdbcTenantStore(database()).delete(ACME);

        assertThat(keys().list(ACME)).isEmpty();
    }

    @Test
    default void signingKeyShouldBeReadOnceForTheReuseTimeAndAgainAtOnceAfterAnActivationOnTheSameNode() {
        AtomicLong nanos = new AtomicLong();
        JdbcDkimKeys node = new JdbcDkimKeys(database(), new Ticker() {
            @Override
            public long read() {
                return nanos.get();
            }
        });
        create(ACME, "gh202612");
        node.activate(ACME, DOMAIN, DkimSelector.of("gh202612"), LATER);
        assertThat(node.signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202612"));

        // another node activates a new key: this one signs with the key it read for at most the reuse time
        create(ACME, "gh202701");
        keys().activate(ACME, DOMAIN, DkimSelector.of("gh202701"), LATEST);
        assertThat(node.signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202612"));
        nanos.addAndGet(JdbcDkimKeys.SIGNING_KEY_REUSED_FOR.toNanos() + 1);
        assertThat(node.signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202701"));

        // an activation on this node is seen by its next message
        create(ACME, "gh202801");
        node.activate(ACME, DOMAIN, DkimSelector.of("gh202801"), LATEST.plusSeconds(60));
        assertThat(node.signingKey(ACME, DOMAIN).orElseThrow().selector()).isEqualTo(DkimSelector.of("gh202801"));
    }
}
