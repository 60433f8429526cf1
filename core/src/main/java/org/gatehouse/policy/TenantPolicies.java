package org.gatehouse.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.gatehouse.tenant.TenantId;

import com.google.common.collect.ImmutableMap;

/**
 * The hot-path view of tenant policies: every tenant's current document, loaded in one query and kept at most
 * {@link #MAX_AGE}; a change made through this process ({@link #invalidate()}) applies to the next message.
 */
public class TenantPolicies {
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private record Snapshot(ImmutableMap<TenantId, PolicyDocument> documents, Instant loadedAt, long generation) {
    }

    private final PolicyStore store;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;

    @Inject
    public TenantPolicies(PolicyStore store) {
        this(store, Clock.systemUTC());
    }

    public TenantPolicies(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The tenant's current policy; the empty policy for a tenant without a stored version. */
    public PolicyDocument current(TenantId tenantId) {
        return current().documents().getOrDefault(tenantId, PolicyDocument.empty());
    }

    public void invalidate() {
        generation.incrementAndGet();
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        long expected = generation.get();
        if (current == null || current.generation() != expected || current.loadedAt().plus(MAX_AGE).isBefore(now)) {
            ImmutableMap.Builder<TenantId, PolicyDocument> documents = ImmutableMap.builder();
            for (Map.Entry<TenantId, PolicyVersion> entry : store.currentAll().entrySet()) {
                documents.put(entry.getKey(), entry.getValue().document());
            }
            current = new Snapshot(documents.build(), now, expected);
            snapshot = current;
        }
        return current;
    }
}
