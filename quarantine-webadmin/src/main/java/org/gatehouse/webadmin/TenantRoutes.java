package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.author;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.tenant.TenantStore;

import spark.Service;

/**
 * {@code /gatehouse/tenants}: create, replace, read, list and delete tenants. A change applies to the next SMTP
 * session and the next message. See docs/tenants.md.
 */
public class TenantRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/tenants";
    public static final String TENANT_PATH = BASE_PATH + "/:tenantId";

    private final TenantService tenantService;
    private final JsonTransformer jsonTransformer;

    @Inject
    public TenantRoutes(TenantService tenantService, JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        defineList(service);
        defineGet(service);
        definePut(service);
        defineDelete(service);
    }

    private void defineList(Service service) {
        service.get(BASE_PATH, handled((request, response) -> {
            // an account acting for some tenants sees those only (no account: a server without authentication)
            Optional<Account> account = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
            return tenantService.list().stream()
                .filter(tenant -> account.map(caller -> caller.actsFor(tenant.id())).orElse(true))
                .map(TenantJson::write).toList();
        }), jsonTransformer);
    }

    private void defineGet(Service service) {
        service.get(TENANT_PATH, handled((request, response) -> {
            TenantId id = tenantId(request);
            return tenantService.get(id).map(TenantJson::write)
                .orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
        }), jsonTransformer);
    }

    private void definePut(Service service) {
        service.put(TENANT_PATH, handled((request, response) -> {
            Tenant tenant = TenantJson.read(tenantId(request), body(request));
            Optional<Account> caller = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
            if (caller.isPresent() && caller.get().role() != Role.OPERATOR) {
                // a tenant administrator changes its tenant's settings; its domains and downstream route are the operator's
                Tenant current = tenantService.get(tenant.id()).orElseThrow(() -> notFound("Tenant '" + tenant.id().asString() + "' does not exist"));
                if (!current.domains().equals(tenant.domains()) || !current.downstream().equals(tenant.downstream())) {
                    throw ErrorResponder.builder().statusCode(HttpStatus.FORBIDDEN_403).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                        .message("Only an operator may change a tenant's domains or downstream route").haltError();
                }
            }
            TenantStore.Outcome outcome = tenantService.save(tenant, author(request));
            response.status(outcome == TenantStore.Outcome.CREATED ? HttpStatus.CREATED_201 : HttpStatus.OK_200);
            return TenantJson.write(tenant);
        }), jsonTransformer);
    }

    private void defineDelete(Service service) {
        service.delete(TENANT_PATH, handled((request, response) -> {
            tenantService.delete(tenantId(request));
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
    }
}
