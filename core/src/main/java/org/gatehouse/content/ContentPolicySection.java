package org.gatehouse.content;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code content} section in the policy schema: a document is stored only if its content policy reads. */
public class ContentPolicySection implements PolicySection {
    @Override
    public String name() {
        return ContentPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        ContentPolicy.parse(section);
    }
}
