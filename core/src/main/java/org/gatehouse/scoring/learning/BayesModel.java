package org.gatehouse.scoring.learning;

import java.util.Objects;
import java.util.Optional;

import org.gatehouse.tenant.TenantId;

/**
 * Whose token statistics: one tenant's (learnt from its own decisions, deleted with it), or the operator's model,
 * which learns every tenant's decisions and the mail folders an operator imports, and answers for a tenant that has
 * not learnt enough yet (docs/learning.md).
 */
public final class BayesModel {
    public static final BayesModel OPERATOR = new BayesModel(Optional.empty());

    private final Optional<TenantId> tenant;

    private BayesModel(Optional<TenantId> tenant) {
        this.tenant = tenant;
    }

    public static BayesModel of(TenantId tenant) {
        return new BayesModel(Optional.of(Objects.requireNonNull(tenant, "tenant")));
    }

    /** The tenant whose statistics these are; empty for the operator's model. */
    public Optional<TenantId> tenant() {
        return tenant;
    }

    public boolean isOperator() {
        return tenant.isEmpty();
    }

    /** {@code tenant} or {@code operator}, as the WebAdmin answers and the findings' reasons name it. */
    public String kind() {
        return isOperator() ? "operator" : "tenant";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BayesModel model && tenant.equals(model.tenant);
    }

    @Override
    public int hashCode() {
        return tenant.hashCode();
    }

    @Override
    public String toString() {
        return tenant.map(id -> "tenant " + id.asString()).orElse("operator model");
    }
}
