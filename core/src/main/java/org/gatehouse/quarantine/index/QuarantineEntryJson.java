package org.gatehouse.quarantine.index;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.gatehouse.quarantine.QuarantineEntry;
import org.gatehouse.quarantine.QuarantineFamily;
import org.gatehouse.tenant.TenantId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;

/** An entry as the compact JSON stored with its index document, so that a hit is answered without the repository. */
final class QuarantineEntryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String write(QuarantineEntry entry) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", entry.id());
        json.put("tenant", entry.tenant().asString());
        json.put("family", entry.family().asString());
        json.put("sender", entry.sender());
        entry.recipients().forEach(json.putArray("recipients")::add);
        json.put("clientIp", entry.clientIp());
        json.put("subject", entry.subject());
        json.put("receivedAt", entry.receivedAt().toString());
        json.put("size", entry.size());
        entry.score().ifPresent(score -> json.put("score", score));
        entry.category().ifPresent(category -> json.put("category", category));
        entry.reasons().forEach(json.putArray("reasons")::add);
        entry.explanation().forEach(json.putArray("explanation")::add);
        json.put("direction", entry.direction());
        json.put("retainUntil", entry.retainUntil().toString());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static QuarantineEntry read(String text) {
        try {
            JsonNode json = MAPPER.readTree(text);
            return new QuarantineEntry(json.get("id").asText(), TenantId.of(json.get("tenant").asText()),
                QuarantineFamily.parse("family", json.get("family").asText()), json.get("sender").asText(),
                strings(json.get("recipients")), json.get("clientIp").asText(), json.get("subject").asText(),
                Instant.parse(json.get("receivedAt").asText()), json.get("size").asLong(),
                Optional.ofNullable(json.get("score")).map(JsonNode::asInt),
                Optional.ofNullable(json.get("category")).map(JsonNode::asText), strings(json.get("reasons")),
                strings(json.get("explanation")), json.get("direction").asText(),
                Instant.parse(json.get("retainUntil").asText()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        ImmutableList.Builder<String> values = ImmutableList.builder();
        if (array != null) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values.build();
    }

    private QuarantineEntryJson() {
    }
}
