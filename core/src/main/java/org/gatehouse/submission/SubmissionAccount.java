package org.gatehouse.submission;

import java.time.Instant;
import java.util.Objects;

import org.gatehouse.recipient.RecipientEntry;
import org.gatehouse.tenant.TenantId;

/** A tenant's SMTP AUTH account for authenticated submission: its login is a mail address, in lower case. */
public record SubmissionAccount(String login, TenantId tenant, Instant createdAt) {
    public SubmissionAccount {
        login = RecipientEntry.normalize(login, "login");
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(createdAt);
    }

    public String domain() {
        return login.substring(login.indexOf('@') + 1);
    }
}
