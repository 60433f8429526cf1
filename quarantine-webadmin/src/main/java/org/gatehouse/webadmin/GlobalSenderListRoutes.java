package org.gatehouse.webadmin;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.policy.GlobalPolicies;
import org.gatehouse.policy.GlobalPolicyVersion;
import org.gatehouse.sender.policy.GlobalSenderPolicy;
import org.gatehouse.tenant.TenantLimits;

import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Request;
import spark.Service;

/**
 * {@code /gatehouse/senders/allow} and {@code /gatehouse/senders/block}: the operator's sender allow and block lists,
 * applying to every tenant, with the same endpoints as a tenant's lists ({@link SenderListRoutes}). Each change is
 * a new version of the global policy, applied to the next message. See docs/sender-policy.md, "Global lists".
 */
public class GlobalSenderListRoutes implements Routes {
    public static final String SENDERS_PATH = "/gatehouse/senders";

    /** The operator owns the global lists, in the {@code sender} section of the global policy. */
    private static final class GlobalLists implements SenderListOwner {
        private final GlobalPolicies globalPolicies;

        GlobalLists(GlobalPolicies globalPolicies) {
            this.globalPolicies = globalPolicies;
        }

        @Override
        public Current current(Request request) {
            GlobalPolicyVersion version = globalPolicies.current();
            return new Current(version.version(), (ObjectNode) version.document().asJson(),
                GlobalSenderPolicy.of(version.document()));
        }

        @Override
        public int save(Request request, ObjectNode document, String author, Optional<String> comment) {
            return globalPolicies.update(document, author, comment).version();
        }

        @Override
        public String describe(Request request) {
            return "the global lists";
        }
    }

    private final SenderListEndpoints endpoints;

    @Inject
    public GlobalSenderListRoutes(GlobalPolicies globalPolicies, TenantLimits limits, JsonTransformer jsonTransformer) {
        this.endpoints = new SenderListEndpoints(SENDERS_PATH, new GlobalLists(globalPolicies), limits, jsonTransformer);
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
