package org.gatehouse.reports;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code reports} section in the policy schema: a document is stored only if its reports policy reads. */
public class ReportsPolicySection implements PolicySection {
    @Override
    public String name() {
        return ReportsPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        ReportsPolicy.parse(section);
    }
}
