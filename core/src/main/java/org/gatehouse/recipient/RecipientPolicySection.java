package org.gatehouse.recipient;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code recipients} section in the policy schema: a document is stored only if its recipient policy reads. */
public class RecipientPolicySection implements PolicySection {
    @Override
    public String name() {
        return RecipientPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        RecipientPolicy.parse(section);
    }
}
