package org.gatehouse.sender.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.gatehouse.tenant.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * One list of sender entries, indexed for matching: addresses and domains by hash, subdomains by walking up the
 * labels of the domain, networks by a scan. Entries keep the order the operator wrote them in.
 */
public final class SenderList {
    /** The most entries a list is read with; what a write may add is the operator's {@link org.gatehouse.tenant.TenantLimits}. */
    public static final int MAX_ENTRIES = 100_000;

    private record Network(Cidr cidr, SenderEntry entry) {
    }

    public static SenderList empty() {
        return new SenderList(List.of());
    }

    /** @throws IllegalArgumentException when two entries have the same key (the parser reports those with paths) */
    public static SenderList of(List<SenderEntry> entries) {
        return new SenderList(entries);
    }

    private final ImmutableList<SenderEntry> entries;
    private final ImmutableMap<SenderEntry.Key, Integer> positions;
    private final ImmutableList<Network> networks;

    private SenderList(List<SenderEntry> entries) {
        this.entries = ImmutableList.copyOf(entries);
        Map<SenderEntry.Key, Integer> byKey = new HashMap<>();
        List<Network> ipEntries = new ArrayList<>();
        for (int i = 0; i < this.entries.size(); i++) {
            SenderEntry entry = this.entries.get(i);
            if (byKey.putIfAbsent(entry.key(), i) != null) {
                throw new IllegalArgumentException("Duplicate sender entry " + entry.key());
            }
            entry.network().ifPresent(cidr -> ipEntries.add(new Network(cidr, entry)));
        }
        this.positions = ImmutableMap.copyOf(byKey);
        this.networks = ImmutableList.copyOf(ipEntries);
    }

    public List<SenderEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public Optional<SenderEntry> find(SenderEntry.Key key) {
        return indexOf(key).map(entries::get);
    }

    /** The position of the entry with this key in {@link #entries()}. */
    public Optional<Integer> indexOf(SenderEntry.Key key) {
        return Optional.ofNullable(positions.get(key));
    }

    /**
     * The entry naming this message's sender, most specific first: the client's network, then the envelope and
     * header addresses, then their domains, then the nearest enclosing {@code subdomains} entry.
     *
     * @param envelopeSender the SMTP MAIL FROM address; empty for the null reverse-path
     * @param fromHeaderAddress the address of the From header, when the message has one
     */
    public Optional<SenderEntry> match(InetAddress ip, String envelopeSender, Optional<String> fromHeaderAddress) {
        Objects.requireNonNull(ip);
        List<String> addresses = Stream.concat(Stream.ofNullable(envelopeSender), fromHeaderAddress.stream())
            .flatMap(address -> SenderEntry.canonicalAddress(address).stream())
            .toList();
        List<String> domains = addresses.stream().map(address -> address.substring(address.lastIndexOf('@') + 1)).toList();
        return matchNetwork(ip)
            .or(() -> first(addresses.stream(), SenderEntry.Type.ADDRESS))
            .or(() -> first(domains.stream(), SenderEntry.Type.DOMAIN))
            .or(() -> domains.stream().flatMap(domain -> matchSubdomains(domain).stream()).findFirst());
    }

    /** The entry covering this client address or this domain (exemption lists: ip, domain, subdomains). */
    public Optional<SenderEntry> matchHostOrDomain(InetAddress ip, Optional<String> domain) {
        Objects.requireNonNull(ip);
        Optional<String> canonical = domain.flatMap(SenderEntry::canonicalDomain);
        return matchNetwork(ip)
            .or(() -> first(canonical.stream(), SenderEntry.Type.DOMAIN))
            .or(() -> canonical.flatMap(this::matchSubdomains));
    }

    private Optional<SenderEntry> matchNetwork(InetAddress ip) {
        return networks.stream().filter(network -> network.cidr().contains(ip)).map(Network::entry).findFirst();
    }

    private Optional<SenderEntry> first(Stream<String> canonicalValues, SenderEntry.Type type) {
        return canonicalValues.flatMap(value -> find(new SenderEntry.Key(type, value)).stream()).findFirst();
    }

    /** Walks up from the domain itself to its parent domains: the nearest {@code subdomains} entry wins. */
    private Optional<SenderEntry> matchSubdomains(String domain) {
        String candidate = domain;
        while (true) {
            Optional<SenderEntry> found = find(new SenderEntry.Key(SenderEntry.Type.SUBDOMAINS, candidate));
            int dot = candidate.indexOf('.');
            if (found.isPresent() || dot < 0) {
                return found;
            }
            candidate = candidate.substring(dot + 1);
        }
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof SenderList && entries.equals(((SenderList) o).entries);
    }

    @Override
    public final int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
