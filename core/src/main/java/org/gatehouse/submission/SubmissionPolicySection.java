package org.gatehouse.submission;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code submission} section in the policy schema. */
public class SubmissionPolicySection implements PolicySection {
    @Override
    public String name() {
        return SubmissionPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        SubmissionPolicy.parse(section);
    }
}
