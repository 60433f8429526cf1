package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;
import static org.gatehouse.sender.policy.PolicyJson.field;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;

/**
 * The DNS blocklists a tenant's inbound mail is checked against: the server's global zones (unless the tenant
 * opts out) and the tenant's own.
 */
public record DnsblPolicy(boolean useGlobal, ImmutableList<DnsblZone> zones) {
    public static final int MAX_ZONES = 20;
    private static final Set<String> FIELDS = Set.of("useGlobal", "zones");

    public DnsblPolicy {
        Objects.requireNonNull(zones);
    }

    public static DnsblPolicy defaults() {
        return new DnsblPolicy(true, ImmutableList.of());
    }

    static DnsblPolicy parse(JsonNode node, String path) {
        PolicyJson.object(node, path, FIELDS);
        boolean useGlobal = field(node, "useGlobal").map(value -> PolicyJson.bool(value, child(path, "useGlobal"))).orElse(true);
        String zonesPath = child(path, "zones");
        List<DnsblZone> zones = field(node, "zones").map(list -> zones(list, zonesPath)).orElse(List.of());
        return new DnsblPolicy(useGlobal, ImmutableList.copyOf(zones));
    }

    private static List<DnsblZone> zones(JsonNode list, String path) {
        PolicyJson.array(list, path, MAX_ZONES);
        ImmutableList.Builder<DnsblZone> zones = ImmutableList.builder();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String zonePath = PolicyJson.index(path, i);
            DnsblZone zone = DnsblZone.parse(list.get(i), zonePath);
            Integer earlier = seen.putIfAbsent(zone.zone().asString(), i);
            if (earlier != null) {
                throw new InvalidFieldException(child(zonePath, "zone"), "duplicates " + PolicyJson.index(path, earlier));
            }
            zones.add(zone);
        }
        return zones.build();
    }
}
