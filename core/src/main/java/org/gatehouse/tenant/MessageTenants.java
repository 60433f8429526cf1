package org.gatehouse.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;

/**
 * Whom one message is for, decided once per SMTP transaction (docs/tenants.md, "Whose checks apply"):
 * <ul>
 *   <li>the <em>relay tenant</em>, when the client is one of a tenant's relay clients: the message is outbound for it,
 *       for every recipient outside its own domains;</li>
 *   <li>the <em>owner</em> of each recipient's domain: the message is inbound for it, for its recipients.</li>
 * </ul>
 * A message from tenant A's relay client to tenant B's domain is therefore outbound for A and inbound for B. A tenant
 * trusts only its own relay clients: B judges mail from A's relay clients like any other sender's.
 *
 * @param relayTenant the tenant whose relay client sent the message
 * @param owners each recipient (as written in the envelope) and the tenant owning its domain, in envelope order
 */
public record MessageTenants(Optional<TenantId> relayTenant, ImmutableMap<String, Optional<TenantId>> owners) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static MessageTenants of(Optional<TenantId> relayTenant, Map<String, Optional<TenantId>> owners) {
        return new MessageTenants(relayTenant, ImmutableMap.copyOf(owners));
    }

    /** The tenant with the outbound role: the relay tenant, when some recipient is outside its domains. */
    public Optional<TenantId> outboundTenant() {
        return relayTenant.filter(relay -> owners.values().stream().anyMatch(owner -> !owner.equals(Optional.of(relay))));
    }

    /** The tenants with the inbound role, in the order their recipients came. */
    public List<TenantId> inboundTenants() {
        Set<TenantId> tenants = new LinkedHashSet<>();
        owners.values().forEach(owner -> owner.ifPresent(tenants::add));
        return List.copyOf(tenants);
    }

    /** The inbound tenants that do not trust the client: every one but the relay tenant itself. */
    public List<TenantId> untrustingInboundTenants() {
        return inboundTenants().stream().filter(tenant -> !trusts(tenant)).toList();
    }

    /** Whether the tenant trusts the client: it is one of the tenant's own relay clients. */
    public boolean trusts(TenantId tenant) {
        return relayTenant.filter(tenant::equals).isPresent();
    }

    /** The owner of one recipient's domain. */
    public Optional<TenantId> ownerOf(String recipient) {
        return owners.getOrDefault(recipient, Optional.empty());
    }

    public List<String> recipientsOf(TenantId tenant) {
        return owners.entrySet().stream().filter(entry -> entry.getValue().filter(tenant::equals).isPresent())
            .map(Map.Entry::getKey).toList();
    }

    /** The recipients in no tenant's domain. */
    public List<String> externalRecipients() {
        return owners.entrySet().stream().filter(entry -> entry.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** Every tenant the message touches, outbound first. */
    public List<TenantId> allTenants() {
        Set<TenantId> tenants = new LinkedHashSet<>();
        outboundTenant().ifPresent(tenants::add);
        tenants.addAll(inboundTenants());
        return List.copyOf(tenants);
    }

    /**
     * Whether anything is left to deliver when these tenants block the message: a block by the outbound tenant stops
     * the whole message; a block by a recipient's tenant stops that tenant's recipients.
     */
    public boolean deliversAnythingWhenBlockedBy(Set<TenantId> blocking) {
        if (outboundTenant().filter(blocking::contains).isPresent()) {
            return false;
        }
        return owners.values().stream().anyMatch(owner -> owner.isEmpty() || !blocking.contains(owner.get()));
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        relayTenant.ifPresent(tenant -> root.put("relayTenant", tenant.asString()));
        ObjectNode recipients = root.putObject("owners");
        owners.forEach((recipient, owner) -> {
            if (owner.isPresent()) {
                recipients.put(recipient, owner.get().asString());
            } else {
                recipients.putNull(recipient);
            }
        });
        return root.toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #toJson()} writes */
    public static MessageTenants fromJson(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            Optional<TenantId> relay = Optional.ofNullable(root.get("relayTenant")).filter(JsonNode::isTextual)
                .map(node -> TenantId.of(node.asText()));
            Map<String, Optional<TenantId>> owners = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            root.path("owners").fieldNames().forEachRemaining(names::add);
            for (String recipient : names) {
                JsonNode owner = root.path("owners").get(recipient);
                owners.put(recipient, owner.isTextual() ? Optional.of(TenantId.of(owner.asText())) : Optional.empty());
            }
            return of(relay, owners);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not the tenants of a message: " + e.getOriginalMessage(), e);
        }
    }
}
