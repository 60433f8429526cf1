package org.gatehouse.dlp;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code dlp} section in the policy schema: a document is stored only if its DLP policy reads. */
public class DlpPolicySection implements PolicySection {
    @Override
    public String name() {
        return DlpPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        DlpPolicy.parse(section);
    }
}
