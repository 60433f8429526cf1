package org.gatehouse.webadmin;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The configuration a WebAdmin write can change, read before and after it for the audit log: a tenant (its record and
 * current policy), the global sender lists, an account (its role, tenants and tokens, never a secret). The audit record
 * keeps only what differs, as JSON paths and values: {@code {"policy.spam.threshold": 50}}. Values of keys that name a
 * secret (password, secret, apiKey, privateKey) are masked.
 */
public class ConfigurationSnapshots {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TENANT = Pattern.compile("^/gatehouse/tenants/([^/]+)(/.*)?$");
    private static final Pattern ACCOUNT = Pattern.compile("^/gatehouse/accounts/([^/]+)(/.*)?$");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|apikey|privatekey)$");
    private static final String MASK = "***";

    /** What differs between two snapshots: the values before and after at each changed path. */
    public record Difference(String before, String after) {
    }

    private final TenantService tenants;
    private final GlobalPolicies globalPolicies;
    private final JdbcAccounts accounts;

    @Inject
    public ConfigurationSnapshots(TenantService tenants, GlobalPolicies globalPolicies, JdbcAccounts accounts) {
        this.tenants = tenants;
        this.globalPolicies = globalPolicies;
        this.accounts = accounts;
    }

    /** The configuration the path addresses, when it addresses configuration. */
    public Optional<JsonNode> snapshot(String path) {
        Matcher tenant = TENANT.matcher(path);
        if (tenant.matches()) {
            if (tenant.group(2) != null && tenant.group(2).startsWith("/scoring")) {
                return Optional.empty();
            }
            TenantId id;
            try {
                id = TenantId.of(tenant.group(1));
            } catch (InvalidFieldException e) {
                return Optional.empty();
            }
            ObjectNode json = MAPPER.createObjectNode();
            json.set("tenant", MAPPER.valueToTree(tenants.get(id).map(TenantJson::write).orElse(null)));
            json.set("policy", tenants.currentPolicy(id).map(version -> version.document().asJson()).orElse(MAPPER.nullNode()));
            return Optional.of(masked(json));
        }
        if (path.startsWith("/gatehouse/senders/")) {
            ObjectNode json = MAPPER.createObjectNode();
            json.set("globalPolicy", globalPolicies.current().document().asJson());
            return Optional.of(masked(json));
        }
        Matcher account = ACCOUNT.matcher(path);
        if (account.matches()) {
            ObjectNode json = MAPPER.createObjectNode();
            json.set("account", MAPPER.valueToTree(accounts.get(account.group(1)).map(AccountRoutes::json).orElse(null)));
            json.set("tokens", MAPPER.valueToTree(accounts.tokens(account.group(1)).stream().map(AccountRoutes::json).toList()));
            return Optional.of(json);
        }
        return Optional.empty();
    }

    /** The changed paths with their values before and after, as two JSON objects; empty when nothing changed. */
    public static Optional<Difference> difference(JsonNode before, JsonNode after) {
        Map<String, JsonNode> flatBefore = new LinkedHashMap<>();
        Map<String, JsonNode> flatAfter = new LinkedHashMap<>();
        flatten("", before, flatBefore);
        flatten("", after, flatAfter);
        ObjectNode was = MAPPER.createObjectNode();
        ObjectNode is = MAPPER.createObjectNode();
        flatBefore.forEach((path, value) -> {
            JsonNode other = flatAfter.get(path);
            if (!value.equals(other)) {
                was.set(path, value);
                is.set(path, other == null ? MAPPER.missingNode() : other);
            }
        });
        flatAfter.forEach((path, value) -> {
            if (!flatBefore.containsKey(path)) {
                was.putNull(path);
                is.set(path, value);
            }
        });
        removeMissing(is);
        return was.isEmpty() && is.isEmpty() ? Optional.empty() : Optional.of(new Difference(was.toString(), is.toString()));
    }

    private static void removeMissing(ObjectNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isMissingNode()) {
                field.setValue(MAPPER.nullNode());
            }
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> into) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(field -> flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into));
        } else if (node.isArray() && node.size() > 0) {
            for (int index = 0; index < node.size(); index++) {
                flatten(prefix + "[" + index + "]", node.get(index), into);
            }
        } else {
            into.put(prefix, node);
        }
    }

    private static JsonNode masked(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), SECRET_KEY.matcher(field.getKey()).matches() && !field.getValue().isNull()
                ? TextNode.valueOf(MASK) : masked(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(masked(element)));
            return copy;
        }
        return node;
    }
}
