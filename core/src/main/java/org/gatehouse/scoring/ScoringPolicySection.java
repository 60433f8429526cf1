package org.gatehouse.scoring;

import javax.inject.Inject;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code scoring} section in the policy schema: a document is stored only if its scoring policy reads. */
public class ScoringPolicySection implements PolicySection {
    private final ScoringDefaults defaults;

    @Inject
    public ScoringPolicySection(ScoringDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public String name() {
        return ScoringPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        ScoringPolicy.parse(section, defaults);
    }
}
