package org.gatehouse.transport;

import org.gatehouse.policy.PolicySection;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers the {@code tls} section in the policy schema: a document is stored only if its TLS policy reads. */
public class TlsPolicySection implements PolicySection {
    @Override
    public String name() {
        return TlsPolicy.SECTION;
    }

    @Override
    public void validate(JsonNode section) {
        TlsPolicy.parse(section);
    }
}
