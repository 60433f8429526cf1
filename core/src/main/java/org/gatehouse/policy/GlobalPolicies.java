package org.gatehouse.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.sender.policy.GlobalSenderPolicy;
import org.gatehouse.sender.policy.SenderLists;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.store.RefreshingSnapshot;
import org.gatehouse.tenant.TenantLimits;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator's global policy: validated, versioned updates, and the hot-path view of the current version, kept at
 * most {@link #MAX_AGE} like {@link TenantPolicies}; an update made through this process applies to the next message.
 */
public class GlobalPolicies {
    public static final Duration MAX_AGE = TenantPolicies.MAX_AGE;

    private final GlobalPolicyStore store;
    private final TenantLimits limits;
    private final RefreshingSnapshot<SenderLists> senderLists;

    @Inject
    public GlobalPolicies(GlobalPolicyStore store, TenantLimits limits) {
        this(store, limits, Clock.systemUTC());
    }

    public GlobalPolicies(GlobalPolicyStore store) {
        this(store, TenantLimits.DEFAULT, Clock.systemUTC());
    }

    public GlobalPolicies(GlobalPolicyStore store, Clock clock) {
        this(store, TenantLimits.DEFAULT, clock);
    }

    public GlobalPolicies(GlobalPolicyStore store, TenantLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.senderLists = new RefreshingSnapshot<>(() -> GlobalSenderPolicy.of(current().document()), MAX_AGE, clock);
    }

    /** The global sender allow and block lists; empty before the operator stores a first version. */
    public SenderLists global() {
        return senderLists.get();
    }

    /** The current version, read from the store; version 0, empty, before the operator stores one. */
    public GlobalPolicyVersion current() {
        return store.current().orElseGet(GlobalPolicyVersion::none);
    }

    /** All versions, oldest first. */
    public List<GlobalPolicyVersion> versions() {
        return store.versions();
    }

    /**
     * Validates and stores a new version; each list must fit the operator's {@link TenantLimits}. Invalid documents
     * throw and store nothing.
     *
     * @throws org.gatehouse.validation.InvalidFieldException naming the offending path
     */
    public GlobalPolicyVersion update(JsonNode document, String author, Optional<String> comment) {
        GlobalSenderPolicy.parse(document).checkLimits(limits, SenderPolicy.SECTION);
        GlobalPolicyVersion version = store.save(PolicyDocument.of(document), author, comment);
        invalidate();
        return version;
    }

    public void invalidate() {
        senderLists.invalidate();
    }
}
