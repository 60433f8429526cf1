package org.gatehouse.antivirus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One clamd as a health check shows it: whether its last exchange worked, the version it last gave and its last
 * failure. Updated by every scan and by {@link ClamdClient#probe()}.
 *
 * @param scanner the clamd's address, e.g. {@code tcp://127.0.0.1:3310}
 * @param state UNKNOWN until the first exchange, then UP or DOWN after each one
 * @param version what {@code VERSION} last answered, e.g. {@code ClamAV 1.4.6/27480/Mon Dec 1 09:30:00 2025}
 * @param lastError the reason of the last failed exchange, even when the clamd is up again
 * @param lastErrorAt when that was
 * @param checkedAt when the last exchange ended
 */
public record ScannerHealth(String scanner, State state, Optional<String> version, Optional<String> lastError,
                            Optional<Instant> lastErrorAt, Optional<Instant> checkedAt) {
    /** Up when the last exchange gave a readable, non-error answer. */
    public enum State {
        UNKNOWN,
        UP,
        DOWN
    }

    public ScannerHealth {
        Objects.requireNonNull(scanner);
        Objects.requireNonNull(state);
        Objects.requireNonNull(version);
        Objects.requireNonNull(lastError);
        Objects.requireNonNull(lastErrorAt);
        Objects.requireNonNull(checkedAt);
    }

    static ScannerHealth unknown(ClamdAddress address) {
        return new ScannerHealth(address.toString(), State.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());
    }

    public boolean isUp() {
        return state == State.UP;
    }

    ScannerHealth up(Instant at) {
        return new ScannerHealth(scanner, State.UP, version, lastError, lastErrorAt, Optional.of(at));
    }

    ScannerHealth up(Instant at, String newVersion) {
        return new ScannerHealth(scanner, State.UP, Optional.of(newVersion), lastError, lastErrorAt, Optional.of(at));
    }

    ScannerHealth down(Instant at, String error) {
        return new ScannerHealth(scanner, State.DOWN, version, Optional.of(error), Optional.of(at), Optional.of(at));
    }
}
