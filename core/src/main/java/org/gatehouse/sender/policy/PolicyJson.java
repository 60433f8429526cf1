package org.gatehouse.sender.policy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict reading of the sender section: every value is typed, every unknown key refused, every error has its path. */
final class PolicyJson {
    static final int MAX_COMMENT_LENGTH = 500;
    /** Every action but redirect: the sender policy never redirects (that belongs to the tenant's routing). */
    static final Set<Action> SENDER_ACTIONS = EnumSet.complementOf(EnumSet.of(Action.REDIRECT));

    /** The path of a key below {@code parent}; the empty parent is the root of a request body. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** Checks {@code node} is an object whose keys are all {@code known}. */
    static void object(JsonNode node, String path, Set<String> known) {
        org.gatehouse.validation.JsonFields.object(node, path, known);
    }

    static Optional<JsonNode> field(JsonNode object, String key) {
        return Optional.ofNullable(object.get(key));
    }

    static JsonNode array(JsonNode node, String path, int maxSize) {
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be an array");
        }
        if (node.size() > maxSize) {
            throw new InvalidFieldException(path, "must have at most " + maxSize + " entries, has " + node.size());
        }
        return node;
    }

    static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidFieldException(path, "must be a string");
        }
        return node.textValue();
    }

    static String requiredText(JsonNode object, String key, String parent) {
        String path = child(parent, key);
        return text(field(object, key).orElseThrow(() -> new InvalidFieldException(path, "is required")), path);
    }

    static boolean bool(JsonNode node, String path) {
        if (!node.isBoolean()) {
            throw new InvalidFieldException(path, "must be true or false");
        }
        return node.booleanValue();
    }

    /** A score contribution: a number from 0 to 100. */
    static double score(JsonNode node, String path) {
        if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 100) {
            throw new InvalidFieldException(path, "must be a number from 0 to 100");
        }
        return node.doubleValue();
    }

    static Optional<String> comment(JsonNode object, String parent) {
        return field(object, "comment").map(node -> checkComment(text(node, child(parent, "comment")), child(parent, "comment")));
    }

    static String checkComment(String comment, String path) {
        if (comment.length() > MAX_COMMENT_LENGTH) {
            throw new InvalidFieldException(path, "must be at most " + MAX_COMMENT_LENGTH + " characters");
        }
        return comment;
    }

    static Action action(JsonNode node, String path, Set<Action> allowed) {
        String value = text(node, path);
        if (Action.RENAMED_REJECT.equals(value)) {
            throw new InvalidFieldException(path, Action.renamedMessage());
        }
        return allowed.stream().filter(action -> action.asString().equals(value)).findFirst()
            .orElseThrow(() -> new InvalidFieldException(path, "'" + value + "' is not one of " + names(allowed)));
    }

    static String names(Set<Action> actions) {
        return actions.stream().map(Action::asString).collect(Collectors.joining(", ", "[", "]"));
    }

    private PolicyJson() {
    }
}
