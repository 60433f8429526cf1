package org.gatehouse.messagelog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/** The message log's count of the messages refused by rate control, per client IP, direction and tenant, by the hour. */
public interface RateLimitedAttempts {
    /** The refused attempts of one client in one direction (and tenant, when the tenant's limit refused it). */
    record Summary(String clientIp, Direction direction, Optional<TenantId> tenant, long attempts, Instant lastAttempt) {
    }

    void record(String clientIp, Direction direction, Optional<TenantId> tenant, Instant at);

    /** Per client, direction and tenant: the attempts refused in [from, to) (by the hour), most attempts first. */
    default List<Summary> summary(Instant from, Instant to, int limit) {
        return summary(from, to, Optional.empty(), limit);
    }

    /** As {@link #summary(Instant, Instant, int)}, of one tenant's limits only when {@code tenant} is given. */
    List<Summary> summary(Instant from, Instant to, Optional<TenantId> tenant, int limit);
}
