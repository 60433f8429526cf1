package org.gatehouse.outbound;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code outbound} section in the policy schema. */
public class OutboundPolicySection implements PolicySection {
    @Override
    public String name() {
        return OutboundPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        OutboundPolicy.parse(section);
    }
}
