package org.gatehouse.phishing;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code phishing} section in the policy schema: a document is stored only if its phishing policy reads. */
public class PhishingPolicySection implements PolicySection {
    @Override
    public String name() {
        return PhishingPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        PhishingPolicy.parse(section);
    }
}
