package org.gatehouse.tenant;

/** A tenant would take a domain or relay network that another tenant already owns. */
public class TenantConflictException extends RuntimeException {
    public TenantConflictException(String message) {
        super(message);
    }
}
