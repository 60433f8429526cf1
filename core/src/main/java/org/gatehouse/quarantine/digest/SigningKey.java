package org.gatehouse.quarantine.digest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;

/**
 * One of a tenant's HMAC-SHA256 keys for digest links. A retired key still verifies the links it signed until they
 * expire; only the current key signs. The secret never appears in {@link #toString}.
 */
public final class SigningKey {
    public static final String ALGORITHM = "HmacSHA256";
    public static final int SECRET_BYTES = 32;

    private final int id;
    private final SecretKey secret;
    private final Instant createdAt;
    private final Optional<Instant> retiredAt;

    public SigningKey(int id, byte[] secret, Instant createdAt, Optional<Instant> retiredAt) {
        Preconditions.checkArgument(id >= 1, "key ids start at 1");
        Preconditions.checkArgument(secret.length == SECRET_BYTES, "a secret has %s bytes", SECRET_BYTES);
        this.id = id;
        this.secret = new SecretKeySpec(secret, ALGORITHM);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.retiredAt = Objects.requireNonNull(retiredAt, "retiredAt");
    }

    public int id() {
        return id;
    }

    SecretKey secret() {
        return secret;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> retiredAt() {
        return retiredAt;
    }

    public boolean isRetired() {
        return retiredAt.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && id == other.id && secret.equals(other.secret)
            && createdAt.equals(other.createdAt) && retiredAt.equals(other.retiredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, createdAt, retiredAt);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("id", id).add("createdAt", createdAt).add("retiredAt", retiredAt.orElse(null))
            .toString();
    }
}
