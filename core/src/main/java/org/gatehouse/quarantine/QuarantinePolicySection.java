package org.gatehouse.quarantine;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code quarantine} section in the policy schema: a document is stored only if its quarantine policy reads. */
public class QuarantinePolicySection implements PolicySection {
    @Override
    public String name() {
        return QuarantinePolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        QuarantinePolicy.parse(section);
    }
}
