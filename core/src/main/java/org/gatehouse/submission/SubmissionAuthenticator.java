package org.gatehouse.submission;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.admin.AuditRecord;
import org.gatehouse.admin.AuthenticationThrottle;
import org.gatehouse.admin.JdbcAuditLog;
import org.gatehouse.admin.PasswordHasher;
import org.gatehouse.admin.Role;
import org.gatehouse.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP AUTH of submission accounts (docs/submission.md): the password against its Argon2id hash, failures counted per
 * client IP and per account ({@link AuthenticationThrottle}, its own counts, apart from WebAdmin's), and each lockout
 * written to the audit log ({@code LOCKOUT smtp_client_ip} / {@code LOCKOUT smtp_account}).
 */
public class SubmissionAuthenticator {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionAuthenticator.class);
    // verified against when the login is unknown, so that a missing account takes as long as a wrong password
    private static final String DUMMY = new PasswordHasher().hash("not the password of any submission account");

    /** What an AUTH attempt comes to. */
    public sealed interface Outcome {
        record Authenticated(SubmissionAccount account) implements Outcome {
        }

        record Refused() implements Outcome {
        }

        record LockedOut(Instant until) implements Outcome {
        }

        record Unavailable() implements Outcome {
        }
    }

    private final JdbcSubmissionAccounts accounts;
    private final PasswordHasher hasher;
    private final AuthenticationThrottle throttle;
    private final JdbcAuditLog audit;
    private final Clock clock;

    public SubmissionAuthenticator(JdbcSubmissionAccounts accounts, PasswordHasher hasher, AuthenticationThrottle throttle, JdbcAuditLog audit,
                                   Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    public Outcome authenticate(String clientIp, String login, String password) {
        Optional<Instant> locked = throttle.lockedUntil(clientIp, Optional.of(login));
        if (locked.isPresent()) {
            return new Outcome.LockedOut(locked.get());
        }
        Optional<JdbcSubmissionAccounts.Stored> stored;
        try {
            stored = accounts.find(login);
        } catch (StoreException e) {
            LOGGER.error("Submission accounts unavailable for AUTH of {} from {}", login, clientIp, e);
            return new Outcome.Unavailable();
        }
        boolean valid = hasher.verify(password, stored.map(JdbcSubmissionAccounts.Stored::passwordHash).orElse(DUMMY)) && stored.isPresent();
        if (valid) {
            throttle.success(login);
            return new Outcome.Authenticated(stored.get().account());
        }
        List<AuthenticationThrottle.Lockout> lockouts = throttle.failure(clientIp, Optional.of(login));
        lockouts.forEach(lockout -> record(clientIp, lockout));
        return new Outcome.Refused();
    }

    private void record(String clientIp, AuthenticationThrottle.Lockout lockout) {
        LOGGER.warn("SMTP AUTH lockout of {} {} until {}", lockout.kind(), lockout.key(), lockout.until());
        try {
            audit.append(AuditRecord.of(clock.instant(), lockout.kind() == AuthenticationThrottle.Kind.ACCOUNT ? Optional.of(lockout.key())
                    : Optional.empty(), Optional.<Role>empty(), Optional.of(clientIp), Optional.empty(),
                "LOCKOUT smtp_" + lockout.kind().name().toLowerCase(java.util.Locale.ROOT), Optional.of(lockout.key() + " until " + lockout.until()),
                429, Optional.empty(), Optional.empty()));
        } catch (RuntimeException e) {
            LOGGER.error("The audit record of the SMTP AUTH lockout of {} could not be written", lockout.key(), e);
        }
    }
}
