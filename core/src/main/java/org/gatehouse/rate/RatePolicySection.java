package org.gatehouse.rate;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code rate} section in the policy schema: a document is stored only if its rate policy reads. */
public class RatePolicySection implements PolicySection {
    @Override
    public String name() {
        return RatePolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        RatePolicy.parse(section);
    }
}
