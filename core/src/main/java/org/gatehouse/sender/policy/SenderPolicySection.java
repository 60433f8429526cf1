package org.gatehouse.sender.policy;

import javax.inject.Inject;

import org.gatehouse.policy.PolicySection;
import org.gatehouse.tenant.TenantLimits;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Registers the {@code sender} section in the policy schema: a document is stored only if its sender policy reads and
 * each of its lists fits the operator's {@link TenantLimits}.
 */
public class SenderPolicySection implements PolicySection {
    private final TenantLimits limits;

    @Inject
    public SenderPolicySection(TenantLimits limits) {
        this.limits = limits;
    }

    public SenderPolicySection() {
        this(TenantLimits.DEFAULT);
    }

    @Override
    public String name() {
        return SenderPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        SenderPolicy.parse(section).lists().checkLimits(limits, SenderPolicy.SECTION);
    }
}
