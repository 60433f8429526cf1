package org.gatehouse.tenant;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.gatehouse.store.RefreshingSnapshot;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * The hot-path view of tenants for the SMTP stage and the pipeline: which tenant owns a domain, which tenant a
 * relay client belongs to. Holds an immutable snapshot, rebuilt after every change made through this process
 * ({@link #invalidate()}) and at most {@link #MAX_AGE} old otherwise, so that changes made by another node sharing
 * the database apply quickly too.
 */
public class TenantDirectory {
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private static final class Snapshot {
        private final ImmutableMap<String, Tenant> byDomain;
        private final ImmutableList<Tenant> tenants;

        private Snapshot(List<Tenant> tenants) {
            ImmutableMap.Builder<String, Tenant> domains = ImmutableMap.builder();
            tenants.forEach(tenant -> tenant.domains().forEach(domain -> domains.put(domain.asString(), tenant)));
            this.byDomain = domains.build();
            this.tenants = ImmutableList.copyOf(tenants);
        }
    }

    private record RelayMatch(Tenant tenant, int prefixLength) {
    }

    private final RefreshingSnapshot<Snapshot> snapshot;

    @Inject
    public TenantDirectory(TenantStore store) {
        this(store, Clock.systemUTC());
    }

    public TenantDirectory(TenantStore store, Clock clock) {
        this.snapshot = new RefreshingSnapshot<>(() -> new Snapshot(store.list()), MAX_AGE, clock);
    }

    public Optional<Tenant> ownerOf(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String key = domain.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        return Optional.ofNullable(current().byDomain.get(key));
    }

    public Set<String> allDomains() {
        return current().byDomain.keySet();
    }

    public Optional<Tenant> get(TenantId id) {
        return current().tenants.stream().filter(tenant -> tenant.id().equals(id)).findFirst();
    }

    /** Whom a message is for: the relay tenant (outbound) and each recipient's owner (inbound); see {@link MessageTenants}. */
    public MessageTenants tenantsOf(Optional<TenantId> relayTenant, List<String> recipients) {
        Map<String, Optional<TenantId>> owners = new LinkedHashMap<>();
        for (String recipient : recipients) {
            owners.put(recipient, ownerOf(recipient.substring(recipient.lastIndexOf('@') + 1)).map(Tenant::id));
        }
        return MessageTenants.of(relayTenant, owners);
    }

    /** The tenant whose relay clients include this address; the most specific network wins. */
    public Optional<Tenant> relayClientTenant(InetAddress address) {
        return current().tenants.stream()
            .flatMap(tenant -> tenant.relayClients().stream()
                .filter(cidr -> cidr.contains(address))
                .map(cidr -> new RelayMatch(tenant, cidr.prefixLength())))
            .max(Comparator.comparingInt(RelayMatch::prefixLength))
            .map(RelayMatch::tenant);
    }

    public Optional<Tenant> relayClientTenant(String address) {
        return Cidr.parseAddress(address).flatMap(this::relayClientTenant);
    }

    public void invalidate() {
        snapshot.invalidate();
    }

    private Snapshot current() {
        return snapshot.get();
    }
}
