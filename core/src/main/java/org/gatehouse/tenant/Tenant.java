package org.gatehouse.tenant;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.gatehouse.validation.InvalidFieldException;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;

/** A customer of the gateway: its domains, where its inbound mail goes, and who may relay outbound through it. */
public final class Tenant {
    public static final int MAX_NAME_LENGTH = 200;

    public static Tenant of(TenantId id, String name, List<DomainName> domains, Downstream downstream, List<Cidr> relayClients) {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidFieldException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidFieldException("name", "must not contain control characters");
        }
        if (domains == null || domains.isEmpty()) {
            throw new InvalidFieldException("domains", "a tenant needs at least one domain");
        }
        Set<DomainName> seen = new HashSet<>();
        for (int i = 0; i < domains.size(); i++) {
            if (!seen.add(domains.get(i))) {
                throw new InvalidFieldException("domains[" + i + "]", "'" + domains.get(i).asString() + "' is listed twice");
            }
        }
        Objects.requireNonNull(downstream, "downstream");
        Set<Cidr> seenNetworks = new HashSet<>();
        for (int i = 0; i < relayClients.size(); i++) {
            if (!seenNetworks.add(relayClients.get(i))) {
                throw new InvalidFieldException("relayClients[" + i + "]", "'" + relayClients.get(i).asString() + "' is listed twice");
            }
        }
        return new Tenant(id, name, ImmutableList.copyOf(domains), downstream, ImmutableList.copyOf(relayClients));
    }

    private final TenantId id;
    private final String name;
    private final ImmutableList<DomainName> domains;
    private final Downstream downstream;
    private final ImmutableList<Cidr> relayClients;

    private Tenant(TenantId id, String name, ImmutableList<DomainName> domains, Downstream downstream, ImmutableList<Cidr> relayClients) {
        this.id = id;
        this.name = name;
        this.domains = domains;
        this.downstream = downstream;
        this.relayClients = relayClients;
    }

    public TenantId id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ImmutableList<DomainName> domains() {
        return domains;
    }

    public Downstream downstream() {
        return downstream;
    }

    public ImmutableList<Cidr> relayClients() {
        return relayClients;
    }

    public boolean isRelayClient(InetAddress address) {
        return relayClients.stream().anyMatch(cidr -> cidr.contains(address));
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Tenant)) {
            return false;
        }
        Tenant that = (Tenant) o;
        return id.equals(that.id) && name.equals(that.name) && domains.equals(that.domains)
            && downstream.equals(that.downstream) && relayClients.equals(that.relayClients);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(id, name, domains, downstream, relayClients);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("id", id.asString()).add("domains", domains).toString();
    }
}
