package org.gatehouse.dkim;

/** A change the key's state does not allow: a selector already used, the active key deleted, a retired key activated. */
public class DkimKeyConflictException extends RuntimeException {
    public DkimKeyConflictException(String message) {
        super(message);
    }
}
