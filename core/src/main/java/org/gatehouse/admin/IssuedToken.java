package org.gatehouse.admin;

/** A token just issued: the only time its secret ({@link #bearer}) is known; only its SHA-256 is stored. */
public record IssuedToken(ApiToken token, String bearer) {
    @Override
    public String toString() {
        return "IssuedToken[" + token.id() + "]";
    }
}
