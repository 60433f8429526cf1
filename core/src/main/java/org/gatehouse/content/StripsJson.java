package org.gatehouse.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The parts each tenant's content policy strips, as the JSON mail attribute that carries them from DATA to the mailet. */
public final class StripsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static String write(Map<String, List<ContentPolicy.Strip>> strips) {
        ObjectNode root = MAPPER.createObjectNode();
        strips.forEach((tenant, list) -> {
            ArrayNode array = root.putArray(tenant);
            list.forEach(strip -> array.addObject().put("section", strip.section()).put("path", strip.path()).put("reason", strip.reason()));
        });
        return root.toString();
    }

    public static Map<String, List<ContentPolicy.Strip>> read(String json) {
        try {
            Map<String, List<ContentPolicy.Strip>> strips = new LinkedHashMap<>();
            JsonNode root = MAPPER.readTree(json);
            root.fields().forEachRemaining(entry -> {
                List<ContentPolicy.Strip> list = new ArrayList<>();
                entry.getValue().forEach(node -> list.add(new ContentPolicy.Strip(node.path("section").asText(), node.path("path").asText(),
                    node.path("reason").asText())));
                strips.put(entry.getKey(), List.copyOf(list));
            });
            return strips;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable strip list: " + json, e);
        }
    }

    private StripsJson() {
    }
}
