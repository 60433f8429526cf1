package org.gatehouse.sender.dmarc;

import java.util.Objects;

/** A TXT record claims to be a DMARC record but cannot be applied; the reason names the tag to fix. */
public class InvalidDmarcRecordException extends Exception {
    private final String reason;

    public InvalidDmarcRecordException(String reason) {
        super(reason);
        this.reason = Objects.requireNonNull(reason);
    }

    public String getReason() {
        return reason;
    }
}
