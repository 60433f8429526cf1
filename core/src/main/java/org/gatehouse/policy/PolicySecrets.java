package org.gatehouse.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Secrets inside policy documents (an LDAP bind password): never shown, and kept when a document read through WebAdmin
 * is sent back. A value under a key ending in {@code password} or {@code secret} is shown as {@link #MASKED}; a
 * document sent with {@link #MASKED} there keeps the stored value at the same path.
 */
public final class PolicySecrets {
    public static final String MASKED = "***";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret)$");

    private PolicySecrets() {
    }

    /** A copy with every secret value replaced by {@link #MASKED}. */
    public static JsonNode masked(JsonNode document) {
        JsonNode copy = document.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_KEY.matcher(field.getKey()).matches() && field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(MASKED));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(PolicySecrets::mask);
        }
    }

    /** A copy of {@code incoming} whose masked secrets are the values {@code current} has at the same paths (left masked where it has none). */
    public static JsonNode keepStored(JsonNode incoming, JsonNode current) {
        JsonNode copy = incoming.deepCopy();
        keep(copy, current);
        return copy;
    }

    private static void keep(JsonNode node, JsonNode current) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode stored = current == null ? null : current.get(field.getKey());
                if (SECRET_KEY.matcher(field.getKey()).matches() && field.getValue().isTextual() && MASKED.equals(field.getValue().textValue())) {
                    if (stored != null && stored.isTextual()) {
                        field.setValue(stored.deepCopy());
                    }
                } else {
                    keep(field.getValue(), stored);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                keep(array.get(i), current != null && current.isArray() ? current.get(i) : null);
            }
        }
    }
}
