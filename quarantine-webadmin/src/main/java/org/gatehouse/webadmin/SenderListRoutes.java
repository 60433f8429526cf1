package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.sender.policy.SenderPolicy;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantLimits;
import org.gatehouse.tenant.TenantService;

import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Request;
import spark.Service;

/**
 * {@code /gatehouse/tenants/{tenantId}/senders/allow} and {@code .../block}: the tenant's sender allow and block
 * lists, edited one entry at a time or imported from CSV. Each change is a new version of the tenant's policy,
 * validated like any other and applied to the next message. See docs/sender-policy.md.
 */
public class SenderListRoutes implements Routes {
    public static final String SENDERS_PATH = TenantRoutes.TENANT_PATH + "/senders";

    /** The tenant named in the URL owns the lists, in the {@code sender} section of its policy. */
    private static final class TenantLists implements SenderListOwner {
        private final TenantService tenantService;

        TenantLists(TenantService tenantService) {
            this.tenantService = tenantService;
        }

        @Override
        public Current current(Request request) {
            TenantId id = tenantId(request);
            PolicyVersion version = tenantService.currentPolicy(id)
                .orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
            return new Current(version.version(), (ObjectNode) version.document().asJson(),
                SenderPolicy.of(version.document()).lists());
        }

        @Override
        public int save(Request request, ObjectNode document, String author, Optional<String> comment) {
            return tenantService.updatePolicy(tenantId(request), document, author, comment).version();
        }

        @Override
        public String describe(Request request) {
            return "tenant '" + tenantId(request).asString() + "'";
        }
    }

    private final SenderListEndpoints endpoints;

    @Inject
    public SenderListRoutes(TenantService tenantService, TenantLimits limits, JsonTransformer jsonTransformer) {
        this.endpoints = new SenderListEndpoints(SENDERS_PATH, new TenantLists(tenantService), limits, jsonTransformer);
    }


    @Override
    public String getBasePath() {
        return SENDERS_PATH;
    }

    @Override
    public void define(Service service) {
        endpoints.define(service);
    }
}
