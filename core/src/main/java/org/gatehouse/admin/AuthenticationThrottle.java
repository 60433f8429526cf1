package org.gatehouse.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failed authentications counted per client IP and per account: {@code maxFailures} within {@code window} lock that IP
 * or account out for {@code lockout}, during which even the right secret is refused. Kept in memory, per node, for at
 * most {@code maxTracked} keys (the least recently seen are forgotten first).
 */
public class AuthenticationThrottle {
    /** What a lockout applies to. */
    public enum Kind {
        CLIENT_IP, ACCOUNT
    }

    /** A lockout that has just begun. */
    public record Lockout(Kind kind, String key, Instant until) {
    }

    private static final class Failures {
        private Instant windowStart;
        private int count;
        private Instant lockedUntil = Instant.MIN;
        private Instant refusalRecorded = Instant.MIN;

        Failures(Instant windowStart) {
            this.windowStart = windowStart;
        }
    }

    /** During a lockout, at most one refused request per IP is recorded in this interval. */
    public static final Duration REFUSAL_RECORD_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Failures> failures;

    public AuthenticationThrottle(Clock clock, int maxFailures, Duration window, Duration lockout, int maxTracked) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.failures = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxTracked;
            }
        };
    }

    private static String key(Kind kind, String value) {
        return kind.name() + ":" + value;
    }

    /** Until when the IP or the account is locked out, if it is. */
    public synchronized Optional<Instant> lockedUntil(String clientIp, Optional<String> login) {
        Instant now = clock.instant();
        Optional<Instant> ip = locked(key(Kind.CLIENT_IP, clientIp), now);
        Optional<Instant> account = login.flatMap(value -> locked(key(Kind.ACCOUNT, value), now));
        if (ip.isPresent() && account.isPresent()) {
            return Optional.of(ip.get().isAfter(account.get()) ? ip.get() : account.get());
        }
        return ip.isPresent() ? ip : account;
    }

    private Optional<Instant> locked(String key, Instant now) {
        Failures entry = failures.get(key);
        return entry != null && entry.lockedUntil.isAfter(now) ? Optional.of(entry.lockedUntil) : Optional.empty();
    }

    /** Counts a failure against the IP and, when one was named, the account; returns the lockouts it starts. */
    public synchronized List<Lockout> failure(String clientIp, Optional<String> login) {
        Instant now = clock.instant();
        List<Lockout> started = new ArrayList<>();
        count(Kind.CLIENT_IP, clientIp, now).ifPresent(started::add);
        login.flatMap(value -> count(Kind.ACCOUNT, value, now)).ifPresent(started::add);
        return started;
    }

    private Optional<Lockout> count(Kind kind, String value, Instant now) {
        Failures entry = failures.computeIfAbsent(key(kind, value), key -> new Failures(now));
        if (entry.lockedUntil.isAfter(now)) {
            return Optional.empty();
        }
        if (!entry.windowStart.plus(window).isAfter(now)) {
            entry.windowStart = now;
            entry.count = 0;
        }
        entry.count++;
        if (entry.count >= maxFailures) {
            entry.lockedUntil = now.plus(lockout);
            entry.count = 0;
            entry.windowStart = now;
            return Optional.of(new Lockout(kind, value, entry.lockedUntil));
        }
        return Optional.empty();
    }

    /**
     * Whether to record the refusal of a request from a locked-out IP: the first of each minute of the lockout only, so
     * that an attacker's request rate does not become the audit log's write rate. Not locked out: always.
     */
    public synchronized boolean recordRefusal(String clientIp) {
        Instant now = clock.instant();
        Failures entry = failures.get(key(Kind.CLIENT_IP, clientIp));
        if (entry == null || !entry.lockedUntil.isAfter(now)) {
            return true;
        }
        if (entry.refusalRecorded.plus(REFUSAL_RECORD_INTERVAL).isAfter(now)) {
            return false;
        }
        entry.refusalRecorded = now;
        return true;
    }

    /** A successful authentication clears the account's count (not the IP's). */
    public synchronized void success(String login) {
        Failures entry = failures.get(key(Kind.ACCOUNT, login));
        if (entry != null && !entry.lockedUntil.isAfter(clock.instant())) {
            failures.remove(key(Kind.ACCOUNT, login));
        }
    }
}
