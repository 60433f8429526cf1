package org.gatehouse.policy;

import java.io.UncheckedIOException;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A validated tenant policy: an immutable JSON object. Obtain one through {@link PolicySchema#validate}. */
public final class PolicyDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static PolicyDocument empty() {
        return new PolicyDocument(MAPPER.createObjectNode());
    }

    static PolicyDocument of(JsonNode node) {
        return new PolicyDocument(((ObjectNode) node).deepCopy());
    }

    /** Reads a document already validated when it was stored. */
    public static PolicyDocument fromStoredJson(String json) {
        try {
            return new PolicyDocument((ObjectNode) MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final ObjectNode root;

    private PolicyDocument(ObjectNode root) {
        this.root = root;
    }

    /** A copy of the JSON tree: callers cannot change the document. */
    public JsonNode asJson() {
        return root.deepCopy();
    }

    /** The section of a capability, when the tenant configured it. */
    public java.util.Optional<JsonNode> section(String name) {
        return java.util.Optional.ofNullable(root.get(name)).map(JsonNode::deepCopy);
    }

    public String asJsonString() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof PolicyDocument && root.equals(((PolicyDocument) o).root);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return asJsonString();
    }
}
