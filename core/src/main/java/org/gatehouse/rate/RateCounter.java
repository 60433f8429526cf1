package org.gatehouse.rate;

import java.time.Instant;

/**
 * Sliding-window counters of messages per key (a client IP, with its direction and tenant). In memory by default;
 * the JDBC implementation lets several gateway nodes on one PostgreSQL database share the limits.
 */
public interface RateCounter {
    /**
     * Counts one more message for the key if fewer than {@code limit.messages()} were counted in the window ending
     * at {@code now}; atomic per key (also across nodes for a shared store).
     *
     * @return true when the message was counted (allowed), false when the limit is reached (nothing counted)
     */
    boolean tryAcquire(String key, RateLimit limit, Instant now);
}
