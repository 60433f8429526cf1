package org.gatehouse.recipient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gatehouse.store.StoreException;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Decides whether an address is one of a tenant's recipients under its {@link RecipientPolicy}. The answers of a
 * directory (LDAP) or a callout are cached, known ones for {@code cacheTtl} and unknown ones for
 * {@code negativeCacheTtl}; an {@code UNAVAILABLE} answer never is. One lookup per address is in flight: concurrent
 * RCPTs for it wait for that one (no probe storms), each at most the policy's timeout.
 */
public class RecipientValidator implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientValidator.class);
    static final int MAX_CACHED = 200_000;
    static final int MAX_PARALLEL_LOOKUPS = 32;

    private record Cached(RecipientCheck check, Instant expiresAt) {
    }

    private final JdbcRecipientList list;
    private final LdapRecipientLookup ldap;
    private final SmtpCallout callout;
    private final Clock clock;
    private final Cache<String, Cached> cache = CacheBuilder.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(7, TimeUnit.DAYS).build();
    private final ConcurrentHashMap<String, CompletableFuture<RecipientCheck>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService lookups = Executors.newFixedThreadPool(MAX_PARALLEL_LOOKUPS, runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-recipient-lookup");
        thread.setDaemon(true);
        return thread;
    });

    public RecipientValidator(JdbcRecipientList list, LdapRecipientLookup ldap, SmtpCallout callout, Clock clock) {
        this.list = list;
        this.ldap = ldap;
        this.callout = callout;
        this.clock = clock;
    }

    public RecipientCheck check(Tenant tenant, RecipientPolicy policy, String address) {
        String normalized = address.toLowerCase(Locale.ROOT);
        return switch (policy.mode()) {
            case ACCEPT_ALL -> RecipientCheck.known("mode accept_all");
            case LIST -> fromList(tenant.id(), normalized);
            case LDAP -> cachedLookup(tenant.id(), "ldap|" + policy.ldap().orElseThrow().connectionKey() + "|"
                + policy.ldap().orElseThrow().baseDn() + "|" + policy.ldap().orElseThrow().filter(), normalized, policy.ldap().orElseThrow().timeout(),
                policy.ldap().orElseThrow().cacheTtl(), policy.ldap().orElseThrow().negativeCacheTtl(),
                () -> ldap.check(policy.ldap().orElseThrow(), normalized));
            case CALLOUT -> {
                RecipientPolicy.Callout settings = policy.callout().orElseThrow();
                String host = tenant.downstream().host();
                int port = tenant.downstream().port();
                yield cachedLookup(tenant.id(), "callout|" + host + ":" + port, normalized, settings.timeout(), settings.cacheTtl(),
                    settings.negativeCacheTtl(), () -> callout.probe(host, port, normalized, settings.timeout()));
            }
        };
    }

    private RecipientCheck fromList(TenantId tenant, String address) {
        try {
            return list.find(tenant, address)
                .map(entry -> RecipientCheck.known(entry.aliasOf().map(target -> "an alias of " + target).orElse("in the tenant's list")))
                .orElseGet(() -> RecipientCheck.unknown("not in the tenant's recipient list"));
        } catch (StoreException e) {
            LOGGER.error("The recipient list of {} could not be read", tenant.asString(), e);
            return RecipientCheck.unavailable("the recipient list could not be read (database)");
        }
    }

    private RecipientCheck cachedLookup(TenantId tenant, String source, String address, Duration timeout, Duration knownTtl, Duration unknownTtl,
                                        java.util.function.Supplier<RecipientCheck> lookup) {
        String key = tenant.asString() + "|" + source + "|" + address;
        Instant now = clock.instant();
        Optional<Cached> cached = Optional.ofNullable(cache.getIfPresent(key)).filter(entry -> entry.expiresAt().isAfter(now));
        if (cached.isPresent()) {
            return cached.get().check();
        }
        CompletableFuture<RecipientCheck> mine = new CompletableFuture<>();
        CompletableFuture<RecipientCheck> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            running = mine;
            try {
                lookups.execute(() -> {
                    RecipientCheck check;
                    try {
                        check = lookup.get();
                        Instant done = clock.instant();
                        switch (check.outcome()) {
                            case KNOWN -> cache.put(key, new Cached(check, done.plus(knownTtl)));
                            case UNKNOWN -> cache.put(key, new Cached(check, done.plus(unknownTtl)));
                            default -> {
                            }
                        }
                    } catch (RuntimeException e) {
                        LOGGER.error("Recipient lookup of {} for {} failed", address, tenant.asString(), e);
                        check = RecipientCheck.unavailable("the lookup failed: " + e.getClass().getSimpleName());
                    }
                    // out of flight before anyone sees the answer: a later check finds the cache, or starts a new lookup
                    inFlight.remove(key, mine);
                    mine.complete(check);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.remove(key, mine);
                return RecipientCheck.unavailable("the lookup could not start");
            }
        }
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return RecipientCheck.unavailable("no answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RecipientCheck.unavailable("interrupted");
        } catch (ExecutionException e) {
            return RecipientCheck.unavailable("the lookup failed: " + e.getCause());
        }
    }

    /** Forgets the cached answers (a tenant's directory changed and its administrator asks for it). */
    public void invalidate() {
        cache.invalidateAll();
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        ldap.close();
    }
}
