package org.gatehouse.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The DNS of one message: every query must answer before the message's deadline, or it is a temporary error.
 * All checks of a message share it, so their lookups run concurrently within one time budget.
 */
public final class BudgetedDnsLookup implements DnsLookup {
    public static BudgetedDnsLookup startingNow(DnsLookup delegate, Duration budget, Clock clock) {
        return new BudgetedDnsLookup(delegate, clock.instant().plus(budget), clock);
    }

    private final DnsLookup delegate;
    private final Instant deadline;
    private final Clock clock;

    private BudgetedDnsLookup(DnsLookup delegate, Instant deadline, Clock clock) {
        this.delegate = delegate;
        this.deadline = deadline;
        this.clock = clock;
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, RecordType type) {
        long millis = remaining().toMillis();
        if (millis <= 0) {
            return CompletableFuture.completedFuture(DnsAnswer.temporaryError());
        }
        return delegate.query(name, type)
            .completeOnTimeout(DnsAnswer.temporaryError(), millis, TimeUnit.MILLISECONDS);
    }
}
