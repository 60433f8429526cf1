package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.AuditQuery;
import org.gatehouse.admin.AuditRecord;
import org.gatehouse.admin.JdbcAuditLog;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.validation.InvalidFieldException;

import spark.Service;

/**
 * {@code GET /gatehouse/audit?tenant=&account=&action=&from=&to=&offset=&limit=}: the audit log, newest first
 * (docs/administration.md); a tenant administrator sees the records of its tenants only.
 */
public class AuditRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/audit";

    private final JdbcAuditLog log;
    private final JsonTransformer jsonTransformer;

    @Inject
    public AuditRoutes(JdbcAuditLog log, JsonTransformer jsonTransformer) {
        this.log = log;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, handled((request, response) -> {
            Optional<TenantId> tenant = Optional.ofNullable(request.queryParams("tenant")).map(value -> {
                try {
                    return TenantId.of(value);
                } catch (InvalidFieldException e) {
                    throw new InvalidFieldException("tenant", e.getReason());
                }
            });
            // a tenant administrator sees its tenants' records; an operator all
            Optional<Account> caller = Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
            Optional<Set<TenantId>> scope = caller.filter(account -> account.role() != Role.OPERATOR).map(account -> Set.copyOf(account.tenants()));
            AuditQuery query = new AuditQuery(tenant, scope, Optional.ofNullable(request.queryParams("account")),
                Optional.ofNullable(request.queryParams("action")), MessageLogRoutes.instant(request, "from"),
                MessageLogRoutes.instant(request, "to"), MessageLogRoutes.integer(request, "offset", 0, 0, Integer.MAX_VALUE),
                MessageLogRoutes.integer(request, "limit", 100, 1, AuditQuery.MAX_LIMIT));
            return log.search(query).stream().map(AuditRoutes::json).toList();
        }), jsonTransformer);
    }

    static Map<String, Object> json(AuditRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        json.put("at", record.at().toString());
        json.put("account", record.account().orElse(null));
        json.put("role", record.role().map(Role::asString).orElse(null));
        json.put("clientIp", record.clientIp().orElse(null));
        json.put("tenant", record.tenant().map(TenantId::asString).orElse(null));
        json.put("action", record.action());
        json.put("target", record.target().orElse(null));
        json.put("status", record.status());
        json.put("before", record.before().orElse(null));
        json.put("after", record.after().orElse(null));
        return json;
    }

    /**
     * Records every write (any method but GET, HEAD and OPTIONS) through any WebAdmin route once it is answered, with its
     * status, unless its outcome was recorded already (a refused authentication). A PublicRoutes with no endpoint.
     */
    public static class Writes implements PublicRoutes {
        private final AuditTrail audit;

        @Inject
        public Writes(AuditTrail audit) {
            this.audit = audit;
        }

        @Override
        public String getBasePath() {
            return "/gatehouse/audit-writes";
        }

        @Override
        public void define(Service service) {
            service.afterAfter((request, response) -> {
                String method = request.requestMethod();
                if (!"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method)) {
                    audit.record(request, response.status(), Optional.empty());
                }
            });
        }
    }
}
