package org.gatehouse.rate;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.gatehouse.messagelog.Direction;
import org.gatehouse.messagelog.RateLimitedAttempts;
import org.gatehouse.policy.ParsedPolicies;
import org.gatehouse.policy.TenantPolicies;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, in the SMTP conversation, whether a client IP may send one more message: the operator's limit of the
 * direction and the tenant's own limit, each a sliding window per client (an IPv6 client counts by its /64, which
 * one host usually has whole). A message counts when it is admitted (MAIL FROM for the operator's limit and an
 * outbound tenant's, the tenant's first RCPT for an inbound tenant's), as Postfix's anvil does. Refusals are
 * counted in the message log ({@link RateLimitedAttempts}).
 */
public class RateControl {
    private static final Logger LOGGER = LoggerFactory.getLogger(RateControl.class);

    /** Why a message was refused: the limit that was reached, and whose it is (the tenant's, or none for the operator's). */
    public record Refusal(RateLimit limit, Optional<TenantId> tenant) {
        public String describe() {
            return "limit of " + limit.describe() + tenant.map(id -> " for " + id.asString()).orElse("");
        }
    }

    private final RateSettings settings;
    private final ParsedPolicies<RatePolicy> policies;
    private final RateCounter counter;
    private final RateLimitedAttempts attempts;
    private final Clock clock;
    private final ConcurrentMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();

    @Inject
    public RateControl(RateSettings settings, TenantPolicies policies, RateCounter counter, RateLimitedAttempts attempts) {
        this(settings, policies, counter, attempts, Clock.systemUTC());
    }

    public RateControl(RateSettings settings, TenantPolicies policies, RateCounter counter, RateLimitedAttempts attempts, Clock clock) {
        this.settings = settings;
        this.policies = new ParsedPolicies<>(policies, RatePolicy::of);
        this.counter = counter;
        this.attempts = attempts;
        this.clock = clock;
    }

    /**
     * Counts a new connection of this client; false when it holds more than the operator's maximum (the connection is
     * still counted until {@link #connectionClosed} — call that for every connection opened).
     */
    public boolean connectionOpened(String clientIp) {
        int open = connections.computeIfAbsent(clientIp, any -> new AtomicInteger()).incrementAndGet();
        return settings.maxConnectionsPerIp() <= 0 || open <= settings.maxConnectionsPerIp();
    }

    public void connectionClosed(String clientIp) {
        connections.computeIfPresent(clientIp, (any, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public int maxConnectionsPerIp() {
        return settings.maxConnectionsPerIp();
    }

    /**
     * At MAIL FROM: counts the message against the tenant's outbound limit (a relay client's) and the operator's limit
     * of the direction.
     *
     * @param relayTenant the tenant whose relay client this is (outbound), or empty (inbound)
     * @param sender the envelope sender, empty for the null reverse-path
     */
    public Optional<Refusal> atMailFrom(InetAddress client, Optional<TenantId> relayTenant, String sender) {
        if (settings.exempt().match(client, sender, Optional.empty()).isPresent()) {
            return Optional.empty();
        }
        Direction direction = relayTenant.isPresent() ? Direction.OUTBOUND : Direction.INBOUND;
        Instant now = clock.instant();
        Optional<Refusal> tenantRefusal = relayTenant.flatMap(tenant -> tenantLimit(client, tenant, direction, sender, now));
        if (tenantRefusal.isPresent()) {
            return tenantRefusal;
        }
        Optional<RateLimit> operatorLimit = direction == Direction.OUTBOUND ? settings.outbound() : settings.inbound();
        return operatorLimit.flatMap(limit -> acquire(direction.asString() + "|" + clientKey(client), limit, client, direction,
            Optional.empty(), now));
    }

    /** At the first RCPT for an inbound tenant in a transaction: counts the message against the tenant's inbound limit. */
    public Optional<Refusal> atFirstRecipientOf(InetAddress client, TenantId tenant, String sender) {
        if (settings.exempt().match(client, sender, Optional.empty()).isPresent()) {
            return Optional.empty();
        }
        return tenantLimit(client, tenant, Direction.INBOUND, sender, clock.instant());
    }

    private Optional<Refusal> tenantLimit(InetAddress client, TenantId tenant, Direction direction, String sender, Instant now) {
        RatePolicy policy = policies.of(tenant);
        Optional<RateLimit> limit = direction == Direction.OUTBOUND ? policy.outbound() : policy.inbound();
        if (limit.isEmpty() || policy.exempt().match(client, sender, Optional.empty()).isPresent()) {
            return Optional.empty();
        }
        return acquire(direction.asString() + "|" + tenant.asString() + "|" + clientKey(client), limit.get(), client, direction,
            Optional.of(tenant), now);
    }

    private Optional<Refusal> acquire(String key, RateLimit limit, InetAddress client, Direction direction, Optional<TenantId> tenant,
                                      Instant now) {
        if (counter.tryAcquire(key, limit, now)) {
            return Optional.empty();
        }
        try {
            attempts.record(clientKey(client), direction, tenant, now);
        } catch (RuntimeException e) {
            LOGGER.warn("Could not count a rate-limited attempt of {} in the message log", client.getHostAddress(), e);
        }
        return Optional.of(new Refusal(limit, tenant));
    }

    /** The address an IPv4 client counts by, or the /64 network of an IPv6 client ({@code 2001:db8:1:2::/64}). */
    static String clientKey(InetAddress client) {
        if (client instanceof Inet6Address) {
            byte[] bytes = Arrays.copyOf(client.getAddress(), 16);
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress().replaceFirst("(:0)+$", "::") + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return client.getHostAddress();
    }
}
