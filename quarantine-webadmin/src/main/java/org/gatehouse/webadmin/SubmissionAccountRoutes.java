package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.tenantId;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.PasswordHasher;
import org.gatehouse.submission.JdbcSubmissionAccounts;
import org.gatehouse.submission.SubmissionAccount;
import org.gatehouse.submission.SubmissionAccountTakenException;
import org.gatehouse.tenant.DomainName;
import org.gatehouse.tenant.Tenant;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.validation.JsonFields;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * A tenant's SMTP AUTH accounts for authenticated submission (docs/submission.md):
 * {@code GET /gatehouse/tenants/{id}/submission-accounts}, {@code PUT …/{login}} with {@code {"password"}} (creates,
 * or sets a new password), {@code DELETE …/{login}}. A login is a mail address at one of the tenant's domains;
 * passwords are stored as Argon2id hashes and never shown.
 */
public class SubmissionAccountRoutes implements Routes {
    public static final String ACCOUNTS_PATH = TenantRoutes.TENANT_PATH + "/submission-accounts";
    public static final String ACCOUNT_PATH = ACCOUNTS_PATH + "/:login";
    private static final Set<String> FIELDS = Set.of("password");

    private final TenantService tenantService;
    private final JdbcSubmissionAccounts accounts;
    private final PasswordHasher hasher;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public SubmissionAccountRoutes(TenantService tenantService, JdbcSubmissionAccounts accounts, PasswordHasher hasher, JsonTransformer jsonTransformer) {
        this.tenantService = tenantService;
        this.accounts = accounts;
        this.hasher = hasher;
        this.jsonTransformer = jsonTransformer;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String getBasePath() {
        return ACCOUNTS_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(ACCOUNTS_PATH, handled((request, response) ->
            accounts.list(tenant(request).id()).stream().map(SubmissionAccountRoutes::json).toList()), jsonTransformer);
        service.put(ACCOUNT_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            SubmissionAccount account = new SubmissionAccount(request.params("login"), tenant.id(), clock.instant());
            if (tenant.domains().stream().map(DomainName::asString).noneMatch(account.domain()::equalsIgnoreCase)) {
                throw new InvalidFieldException("login", account.login() + " is not at a domain of tenant '" + tenant.id().asString() + "'");
            }
            JsonNode body = body(request);
            JsonFields.object(body, "", FIELDS);
            JsonNode password = body.get("password");
            if (password == null || !password.isTextual()) {
                throw new InvalidFieldException("password", "is required");
            }
            PasswordHasher.problem(password.textValue()).ifPresent(problem -> {
                throw new InvalidFieldException("password", problem);
            });
            boolean created;
            try {
                created = accounts.put(account, hasher.hash(password.textValue()));
            } catch (SubmissionAccountTakenException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.CONFLICT_409)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message(e.getMessage())
                    .haltError();
            }
            response.status(created ? HttpStatus.CREATED_201 : HttpStatus.OK_200);
            return json(accounts.find(account.login()).orElseThrow().account());
        }), jsonTransformer);
        service.delete(ACCOUNT_PATH, handled((request, response) -> {
            Tenant tenant = tenant(request);
            if (!accounts.delete(tenant.id(), request.params("login"))) {
                throw notFound("No submission account " + request.params("login") + " of '" + tenant.id().asString() + "'");
            }
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
    }

    private Tenant tenant(Request request) {
        TenantId id = tenantId(request);
        return tenantService.get(id).orElseThrow(() -> notFound("Tenant '" + id.asString() + "' does not exist"));
    }

    private static Map<String, Object> json(SubmissionAccount account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("login", account.login());
        json.put("tenant", account.tenant().asString());
        json.put("createdAt", account.createdAt().toString());
        return json;
    }
}
