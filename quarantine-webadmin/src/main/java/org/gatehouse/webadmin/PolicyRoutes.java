package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.author;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.policy.PolicySecrets;
import org.gatehouse.policy.PolicyVersion;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import spark.Request;
import spark.Service;

/**
 * {@code /gatehouse/tenants/{tenantId}/policy}: the tenant's policy document, validated on write and versioned.
 * Every PUT and every restore stores a new version; history is never rewritten. See docs/policy.md.
 */
public class PolicyRoutes implements Routes {
    public static final String POLICY_PATH = TenantRoutes.TENANT_PATH + "/policy";
    public static final String VERSIONS_PATH = POLICY_PATH + "/versions";
    public static final String VERSION_PATH = VERSIONS_PATH + "/:version";
    public static final String RESTORE_PATH = VERSION_PATH + "/restore";
    public static final int MAX_COMMENT_LENGTH = 500;

    private final TenantService tenantService;
    private final JsonTransformer jsonTransformer;

    @Inject
    public PolicyRoutes(TenantService tenantService, JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return POLICY_PATH;
    }

    @Override
    public void define(Service service) {
        defineGetCurrent(service);
        definePut(service);
        defineListVersions(service);
        defineGetVersion(service);
        defineRestore(service);
    }

    private void defineGetCurrent(Service service) {
        service.get(POLICY_PATH, handled((request, response) -> {
            TenantId id = tenantId(request);
            return tenantService.currentPolicy(id).map(version -> write(version, true))
                .orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
        }), jsonTransformer);
    }

    private void definePut(Service service) {
        service.put(POLICY_PATH, handled((request, response) -> {
            TenantId id = tenantId(request);
            // a secret sent back masked, as GET shows it, keeps the stored one
            com.fasterxml.jackson.databind.JsonNode document = tenantService.currentPolicy(id)
                .map(current -> PolicySecrets.keepStored(body(request), current.document().asJson())).orElseGet(() -> body(request));
            PolicyVersion version = tenantService.updatePolicy(id, document, author(request), comment(request));
            return write(version, true);
        }), jsonTransformer);
    }

    private void defineListVersions(Service service) {
        service.get(VERSIONS_PATH, handled((request, response) ->
            tenantService.policyVersions(tenantId(request)).stream().map(version -> write(version, false)).toList()),
            jsonTransformer);
    }

    private void defineGetVersion(Service service) {
        service.get(VERSION_PATH, handled((request, response) -> {
            TenantId id = tenantId(request);
            int number = versionNumber(request);
            return tenantService.policyVersions(id).stream()
                .filter(version -> version.version() == number)
                .findFirst()
                .map(version -> write(version, true))
                .orElseThrow(() -> notFound("Tenant '" + id.asString() + "' has no policy version " + number));
        }), jsonTransformer);
    }

    private void defineRestore(Service service) {
        service.post(RESTORE_PATH, handled((request, response) -> {
            PolicyVersion restored = tenantService.restorePolicy(tenantId(request), versionNumber(request), author(request));
            response.status(HttpStatus.CREATED_201);
            return write(restored, true);
        }), jsonTransformer);
    }

    private static int versionNumber(Request request) {
        try {
            int number = Integer.parseInt(request.params("version"));
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidFieldException("version", "must be a positive integer");
    }

    private static Optional<String> comment(Request request) {
        Optional<String> comment = Optional.ofNullable(request.queryParams("comment")).map(String::trim).filter(text -> !text.isEmpty());
        if (comment.isPresent() && comment.get().length() > MAX_COMMENT_LENGTH) {
            throw new InvalidFieldException("comment", "must be at most " + MAX_COMMENT_LENGTH + " characters");
        }
        return comment;
    }

    private static Map<String, Object> write(PolicyVersion version, boolean withDocument) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenantId", version.tenantId().asString());
        json.put("version", version.version());
        json.put("createdAt", version.createdAt().toString());
        json.put("author", version.author());
        version.comment().ifPresent(comment -> json.put("comment", comment));
        if (withDocument) {
            json.put("policy", PolicySecrets.masked(version.document().asJson()));
        }
        return json;
    }
}
