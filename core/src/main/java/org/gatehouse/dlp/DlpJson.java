package org.gatehouse.dlp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.gatehouse.tenant.DomainName;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict reading of the {@code dlp} section: typed values, unknown keys refused, every error with its path. */
final class DlpJson {
    /** Rule, pattern and keyword list ids: upper snake case, short enough to prefix with {@code DLP_} in a rule id. */
    static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]{0,59}");
    static final int MAX_DESCRIPTION_LENGTH = 500;

    private DlpJson() {
    }

    static void object(JsonNode node, String path, Set<String> known) {
        org.gatehouse.validation.JsonFields.object(node, path, known);
    }

    /** The elements of an array of at most {@code maxSize}, each read by {@code element} with its path. */
    static <T> List<T> array(JsonNode node, String path, int maxSize, BiFunction<JsonNode, String, T> element) {
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be an array");
        }
        if (node.size() > maxSize) {
            throw new InvalidFieldException(path, "must have at most " + maxSize + " entries, has " + node.size());
        }
        List<T> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(element.apply(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string");
        }
        return node.textValue();
    }

    static String required(JsonNode object, String key, String path) {
        JsonNode value = object.get(key);
        if (value == null) {
            throw new InvalidFieldException(path + "." + key, "is required");
        }
        return text(value, path + "." + key);
    }

    static int integer(JsonNode node, String path, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new InvalidFieldException(path, "must be an integer from " + min + " to " + max);
        }
        return node.intValue();
    }

    static String id(JsonNode object, String path) {
        String id = required(object, "id", path);
        if (!ID.matcher(id).matches()) {
            throw new InvalidFieldException(path + ".id", "'" + id + "' must be upper snake case (A-Z, 0-9, _), "
                + "start with a letter and have at most 60 characters");
        }
        return id;
    }

    static String description(JsonNode node, String path) {
        String description = text(node, path);
        if (description.length() > MAX_DESCRIPTION_LENGTH || description.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidFieldException(path, "must be at most " + MAX_DESCRIPTION_LENGTH
                + " characters without control characters");
        }
        return description;
    }

    static Set<DomainName> domains(JsonNode node, String path, int maxSize) {
        return new LinkedHashSet<>(array(node, path, maxSize, (element, at) -> DomainName.of(at, text(element, at))));
    }
}
