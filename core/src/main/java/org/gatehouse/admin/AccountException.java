package org.gatehouse.admin;

/** An account operation that cannot be done as asked: the message says why, for the caller. */
public class AccountException extends RuntimeException {
    public AccountException(String message) {
        super(message);
    }
}
