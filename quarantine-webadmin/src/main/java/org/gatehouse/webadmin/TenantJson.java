package org.gatehouse.webadmin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gatehouse.tenant.Cidr;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Downstream;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tenant resource of WebAdmin: {@code {"name", "domains": [...], "downstream": {"host", "port", "requireTls"},
 * "relayClients": [...]}}. Reading is strict: unknown or mistyped fields are refused with their path.
 */
final class TenantJson {
    private static final Set<String> FIELDS = Set.of("id", "name", "domains", "downstream", "relayClients");
    private static final Set<String> DOWNSTREAM_FIELDS = Set.of("host", "port", "requireTls");

    static Tenant read(TenantId id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("$", "the tenant must be a JSON object");
        }
        rejectUnknown(body, FIELDS, "");
        if (body.has("id") && !body.get("id").asText().equals(id.asString())) {
            throw new InvalidFieldException("id", "does not match the tenant id in the URL");
        }
        String name = requiredText(body, "name", "name");
        List<DomainName> domains = new ArrayList<>();
        JsonNode domainsNode = body.get("domains");
        if (domainsNode == null || !domainsNode.isArray()) {
            throw new InvalidFieldException("domains", "must be an array of domain names");
        }
        for (int i = 0; i < domainsNode.size(); i++) {
            JsonNode domain = domainsNode.get(i);
            if (!domain.isTextual()) {
                throw new InvalidFieldException("domains[" + i + "]", "must be a string");
            }
            domains.add(DomainName.of("domains[" + i + "]", domain.textValue()));
        }
        JsonNode downstreamNode = body.get("downstream");
        if (downstreamNode == null || !downstreamNode.isObject()) {
            throw new InvalidFieldException("downstream", "must be an object {\"host\", \"port\", \"requireTls\"}");
        }
        rejectUnknown(downstreamNode, DOWNSTREAM_FIELDS, "downstream.");
        String host = requiredText(downstreamNode, "host", "downstream.host");
        JsonNode port = downstreamNode.get("port");
        if (port == null || !port.isInt()) {
            throw new InvalidFieldException("downstream.port", "must be an integer between 1 and 65535");
        }
        JsonNode requireTls = downstreamNode.get("requireTls");
        if (requireTls != null && !requireTls.isBoolean()) {
            throw new InvalidFieldException("downstream.requireTls", "must be true or false");
        }
        Downstream downstream = Downstream.of(host, port.intValue(), requireTls != null && requireTls.booleanValue());
        List<Cidr> relayClients = new ArrayList<>();
        JsonNode relayNode = body.get("relayClients");
        if (relayNode != null && !relayNode.isNull()) {
            if (!relayNode.isArray()) {
                throw new InvalidFieldException("relayClients", "must be an array of IP addresses or CIDR networks");
            }
            for (int i = 0; i < relayNode.size(); i++) {
                JsonNode client = relayNode.get(i);
                if (!client.isTextual()) {
                    throw new InvalidFieldException("relayClients[" + i + "]", "must be a string");
                }
                relayClients.add(Cidr.parse("relayClients[" + i + "]", client.textValue()));
            }
        }
        return Tenant.of(id, name, domains, downstream, relayClients);
    }

    static Map<String, Object> write(Tenant tenant) {
        Map<String, Object> downstream = new LinkedHashMap<>();
        downstream.put("host", tenant.downstream().host());
        downstream.put("port", tenant.downstream().port());
        downstream.put("requireTls", tenant.downstream().requireTls());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", tenant.id().asString());
        json.put("name", tenant.name());
        json.put("domains", tenant.domains().stream().map(DomainName::asString).toList());
        json.put("downstream", downstream);
        json.put("relayClients", tenant.relayClients().stream().map(Cidr::asString).toList());
        return json;
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidFieldException(path, "is required and must be a string");
        }
        return value.textValue();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(prefix + name, "unknown field");
            }
        }
    }

    private TenantJson() {
    }
}
