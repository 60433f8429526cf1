package org.gatehouse.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Schema migration 8: the action {@code reject} of the {@code sender} and {@code phishing} sections is {@code block}, as
 * in every other section. Every stored version is rewritten (current and past, so a restore gives a valid policy); the
 * version numbers, authors and dates are kept, since the meaning of the policy does not change.
 */
public final class PolicyActionRename {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BLOCK = Action.BLOCK.asString();
    private static final List<String> ACTION_FIELDS = List.of("action", "blockAction", "unknownCountry");

    /** The document with {@code reject} renamed, or empty when it has none. */
    public static Optional<String> rewrite(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (!(root instanceof ObjectNode document)) {
            return Optional.empty();
        }
        boolean changed = false;
        for (String section : List.of("sender", "phishing")) {
            if (document.get(section) != null) {
                changed |= renameUnder(document.get(section));
            }
        }
        return changed ? Optional.of(root.toString()) : Optional.empty();
    }

    /** Every {@code action}, {@code blockAction} and {@code unknownCountry} that says {@code reject}, at any depth. */
    private static boolean renameUnder(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (String field : ACTION_FIELDS) {
                changed |= rename(object, field);
            }
        }
        for (JsonNode child : node) {
            changed |= renameUnder(child);
        }
        return changed;
    }

    private static boolean rename(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual() && Action.RENAMED_REJECT.equals(value.asText())) {
            node.put(field, BLOCK);
            return true;
        }
        return false;
    }

    public static void migrate(Connection connection) throws SQLException {
        rewriteTable(connection, "gh_policy_version", "tenant_id, version", 2);
        rewriteTable(connection, "gh_global_policy_version", "version", 1);
    }

    private record Row(List<Object> key, String document) {
    }

    private static void rewriteTable(Connection connection, String table, String keyColumns, int keyCount) throws SQLException {
        List<Row> changed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + keyColumns + ", document FROM " + table);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                List<Object> key = new ArrayList<>();
                for (int column = 1; column <= keyCount; column++) {
                    key.add(rows.getObject(column));
                }
                String document = rows.getString(keyCount + 1);
                rewrite(document).ifPresent(rewritten -> changed.add(new Row(key, rewritten)));
            }
        }
        String where = String.join(" AND ", java.util.Arrays.stream(keyColumns.split(",\\s*")).map(column -> column + " = ?").toList());
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET document = ? WHERE " + where)) {
            for (Row row : changed) {
                update.setString(1, row.document());
                for (int index = 0; index < row.key().size(); index++) {
                    update.setObject(index + 2, row.key().get(index));
                }
                update.executeUpdate();
            }
        }
    }

    private PolicyActionRename() {
    }
}
