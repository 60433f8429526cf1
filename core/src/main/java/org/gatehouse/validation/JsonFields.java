package org.gatehouse.validation;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** The one strict check every policy section makes of its objects: an object, with no key it does not know. */
public final class JsonFields {
    /**
     * @param path the object's path from the document root ({@code $} is used for the root itself)
     * @throws InvalidFieldException at {@code path} when the node is no object, at {@code path.key} for an unknown key
     */
    public static void object(JsonNode node, String path, Set<String> known) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(path.isEmpty() ? "$" : path, "must be an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(path.isEmpty() ? name : path + "." + name,
                    "unknown field; known fields are " + new TreeSet<>(known));
            }
        }
    }

    private JsonFields() {
    }
}
