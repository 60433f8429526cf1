package org.gatehouse.sender.policy;

import java.util.Set;

import org.gatehouse.policy.PolicyDocument;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator's global policy document: a {@code sender} section holding only {@code allow} and {@code block},
 * read with the same entry rules as a tenant's lists. These lists apply to every tenant; see docs/sender-policy.md.
 */
public final class GlobalSenderPolicy {
    private static final Set<String> SECTIONS = Set.of(SenderPolicy.SECTION);
    private static final Set<String> FIELDS = Set.of(SenderLists.ALLOW, SenderLists.BLOCK);

    /**
     * Reads and validates a whole global document.
     *
     * @throws org.gatehouse.validation.InvalidFieldException naming the path from the document root,
     *         e.g. {@code sender.exemptions} or {@code sender.block[2].value}
     */
    public static SenderLists parse(JsonNode document) {
        PolicyJson.object(document, "", SECTIONS);
        JsonNode section = document.get(SenderPolicy.SECTION);
        if (section == null) {
            return SenderLists.empty();
        }
        PolicyJson.object(section, SenderPolicy.SECTION, FIELDS);
        return SenderLists.parse(section, SenderPolicy.SECTION);
    }

    /** The lists of a stored (validated) global document. */
    public static SenderLists of(PolicyDocument document) {
        return parse(document.asJson());
    }

    private GlobalSenderPolicy() {
    }
}
