package org.gatehouse.quarantine.digest;

import java.util.Objects;
import java.util.Optional;

import com.google.common.base.MoreObjects;

/** The outcome of checking a link's token: the token when it may be acted on, else why not. */
public final class TokenVerification {
    /** Why a token is refused; each maps to one message on the confirmation page. */
    public enum Failure {
        /** Not a token at all: garbage, truncated, or a field out of bounds. */
        MALFORMED,
        /** The signature does not match: a tampered or forged token. */
        BAD_SIGNATURE,
        EXPIRED,
        /** Signed with a key the tenant no longer has (all keys revoked), or by no tenant we know. */
        UNKNOWN_KEY,
        ALREADY_USED
    }

    static TokenVerification valid(ActionToken token) {
        return new TokenVerification(Optional.of(token), Optional.empty());
    }

    static TokenVerification failed(Failure failure) {
        return new TokenVerification(Optional.empty(), Optional.of(failure));
    }

    private final Optional<ActionToken> token;
    private final Optional<Failure> failure;

    private TokenVerification(Optional<ActionToken> token, Optional<Failure> failure) {
        this.token = token;
        this.failure = failure;
    }

    public boolean isValid() {
        return token.isPresent();
    }

    /** @throws IllegalStateException when the token was refused */
    public ActionToken token() {
        return token.orElseThrow(() -> new IllegalStateException("refused token: " + failure.orElseThrow()));
    }

    public Optional<Failure> failure() {
        return failure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenVerification other && token.equals(other.token) && failure.equals(other.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, failure);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("token", token.orElse(null)).add("failure", failure.orElse(null)).toString();
    }
}
