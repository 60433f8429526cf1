package org.gatehouse.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;

/**
 * Validates whole policy documents: the document is a JSON object whose keys are {@code description} or a
 * registered {@link PolicySection}. Unknown keys are refused, so a typo never silently disables a check.
 */
public class PolicySchema {
    public static final String DESCRIPTION = "description";
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    private final ImmutableMap<String, PolicySection> sections;

    public PolicySchema(Set<PolicySection> sections) {
        ImmutableMap.Builder<String, PolicySection> builder = ImmutableMap.builder();
        sections.forEach(section -> builder.put(section.name(), section));
        this.sections = builder.buildOrThrow();
    }

    /** The document as it is stored: every section validated and in its {@linkplain PolicySection#normalize stored form}. */
    public PolicyDocument validate(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new InvalidFieldException("$", "a policy must be a JSON object");
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(DESCRIPTION)) {
                validateDescription(field.getValue());
                stored.set(field.getKey(), field.getValue());
            } else if (sections.containsKey(field.getKey())) {
                stored.set(field.getKey(), sections.get(field.getKey()).normalize(field.getValue().deepCopy()));
            } else {
                throw new InvalidFieldException(field.getKey(), "unknown policy section; known sections are "
                    + knownSections());
            }
        }
        return PolicyDocument.of(stored);
    }

    public Set<String> knownSections() {
        Set<String> known = new TreeSet<>(sections.keySet());
        known.add(DESCRIPTION);
        return known;
    }

    private void validateDescription(JsonNode value) {
        if (!value.isTextual()) {
            throw new InvalidFieldException(DESCRIPTION, "must be a string");
        }
        if (value.textValue().length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidFieldException(DESCRIPTION, "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }
}
