package org.gatehouse.store;

/** The policy database failed: callers fail closed on it (tempfail, never accept unchecked). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
