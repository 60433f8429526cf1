package org.gatehouse.disclaimer;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Registers the {@code disclaimer} section in the policy schema: a document is stored only if its disclaimer reads,
 * and it is stored with its HTML sanitised.
 */
public class DisclaimerPolicySection implements PolicySection {
    @Override
    public String name() {
        return DisclaimerPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        DisclaimerPolicy.parse(section);
    }

    @Override
    public JsonNode normalize(JsonNode section) {
        return DisclaimerPolicy.normalized(section);
    }
}
