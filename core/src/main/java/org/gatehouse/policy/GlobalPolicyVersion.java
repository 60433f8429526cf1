package org.gatehouse.policy;

import java.time.Instant;
import java.util.Optional;

/** One stored version of the operator's global policy, with who changed it and when. */
public record GlobalPolicyVersion(int version, PolicyDocument document, Instant createdAt, String author, Optional<String> comment) {
    /** What the gateway applies before the operator stores a first version: nothing. */
    public static GlobalPolicyVersion none() {
        return new GlobalPolicyVersion(0, PolicyDocument.empty(), Instant.EPOCH, "system", Optional.empty());
    }
}
