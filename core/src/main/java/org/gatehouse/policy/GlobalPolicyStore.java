package org.gatehouse.policy;

import java.util.List;
import java.util.Optional;

/** Versioned operator policy, applying to every tenant: every change is a new version; nothing is overwritten. */
public interface GlobalPolicyStore {
    /** Stores a new version, numbered one past the latest; concurrent saves take turns. */
    GlobalPolicyVersion save(PolicyDocument document, String author, Optional<String> comment);

    Optional<GlobalPolicyVersion> current();

    /** All versions, oldest first. */
    List<GlobalPolicyVersion> versions();
}
