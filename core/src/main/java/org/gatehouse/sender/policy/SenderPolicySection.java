package org.gatehouse.sender.policy;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code sender} section in the policy schema: a document is stored only if its sender policy reads. */
public class SenderPolicySection implements PolicySection {
    @Override
    public String name() {
        return SenderPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        SenderPolicy.parse(section);
    }
}
