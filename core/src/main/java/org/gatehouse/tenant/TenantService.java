package org.gatehouse.tenant;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.gatehouse.policy.PolicyDocument;
import org.gatehouse.policy.PolicySchema;
import org.gatehouse.policy.PolicyStore;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.policy.TenantPolicies;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Operator actions on tenants and their policies. Every write invalidates the {@link TenantDirectory} so that
 * the next SMTP session and the next message see it, without a restart.
 */
public class TenantService {
    public static final String INITIAL_POLICY_COMMENT = "created with the tenant";

    private final TenantStore tenantStore;
    private final PolicyStore policyStore;
    private final PolicySchema policySchema;
    private final TenantDirectory directory;
    private final TenantPolicies policies;
    private final TenantLimits limits;

    @Inject
    public TenantService(TenantStore tenantStore, PolicyStore policyStore, PolicySchema policySchema, TenantDirectory directory,
                         TenantPolicies policies, TenantLimits limits) {
        this.tenantStore = tenantStore;
        this.limits = limits;
        this.policyStore = policyStore;
        this.policySchema = policySchema;
        this.directory = directory;
        this.policies = policies;
    }

    public TenantService(TenantStore tenantStore, PolicyStore policyStore, PolicySchema policySchema, TenantDirectory directory,
                         TenantPolicies policies) {
        this(tenantStore, policyStore, policySchema, directory, policies, TenantLimits.DEFAULT);
    }

    public TenantService(TenantStore tenantStore, PolicyStore policyStore, PolicySchema policySchema, TenantDirectory directory) {
        this(tenantStore, policyStore, policySchema, directory, new TenantPolicies(policyStore));
    }

    private void changed() {
        directory.invalidate();
        policies.invalidate();
    }

    /** Creates or replaces a tenant; one with more domains or relay networks than the {@link TenantLimits} is refused. */
    public TenantStore.Outcome save(Tenant tenant, String author) {
        limits.check(tenant);
        TenantStore.Outcome outcome = tenantStore.save(tenant);
        if (outcome == TenantStore.Outcome.CREATED) {
            policyStore.save(tenant.id(), PolicyDocument.empty(), author, Optional.of(INITIAL_POLICY_COMMENT));
        }
        changed();
        return outcome;
    }

    public Optional<Tenant> get(TenantId id) {
        return tenantStore.get(id);
    }

    public List<Tenant> list() {
        return tenantStore.list();
    }

    public boolean delete(TenantId id) {
        boolean deleted = tenantStore.delete(id);
        changed();
        return deleted;
    }

    /** The tenant's current policy; a tenant with no stored version has the empty policy as version 0. */
    public Optional<PolicyVersion> currentPolicy(TenantId id) {
        return tenantStore.get(id).map(tenant -> policyStore.current(id)
            .orElseGet(() -> new PolicyVersion(id, 0, PolicyDocument.empty(), java.time.Instant.EPOCH, "system", Optional.empty())));
    }

    public List<PolicyVersion> policyVersions(TenantId id) {
        requireTenant(id);
        return policyStore.versions(id);
    }

    /** Validates and stores a new policy version. Invalid documents throw and store nothing. */
    public PolicyVersion updatePolicy(TenantId id, JsonNode document, String author, Optional<String> comment) {
        requireTenant(id);
        PolicyDocument validated = policySchema.validate(document);
        PolicyVersion version = policyStore.save(id, validated, author, comment);
        changed();
        return version;
    }

    /** Stores the content of an earlier version as a new version: history is never rewritten. */
    public PolicyVersion restorePolicy(TenantId id, int version, String author) {
        requireTenant(id);
        PolicyVersion earlier = policyStore.version(id, version)
            .orElseThrow(() -> new UnknownPolicyVersionException(id, version));
        PolicyDocument revalidated = policySchema.validate(earlier.document().asJson());
        PolicyVersion restored = policyStore.save(id, revalidated, author, Optional.of("restored from version " + version));
        changed();
        return restored;
    }

    private void requireTenant(TenantId id) {
        if (tenantStore.get(id).isEmpty()) {
            throw new UnknownTenantException(id);
        }
    }

    public static class UnknownTenantException extends RuntimeException {
        public UnknownTenantException(TenantId id) {
            super("Tenant '" + id.asString() + "' does not exist");
        }
    }

    public static class UnknownPolicyVersionException extends RuntimeException {
        public UnknownPolicyVersionException(TenantId id, int version) {
            super("Tenant '" + id.asString() + "' has no policy version " + version);
        }
    }

}
