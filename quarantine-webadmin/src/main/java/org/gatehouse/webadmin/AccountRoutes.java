package org.gatehouse.webadmin;

import static org.gatehouse.webadmin.GatehouseRoutesSupport.body;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.conflict;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.handled;
import static org.gatehouse.webadmin.GatehouseRoutesSupport.notFound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.gatehouse.admin.Account;
import org.gatehouse.admin.ApiToken;
import org.gatehouse.admin.IssuedToken;
import org.gatehouse.admin.JdbcAccounts;
import org.gatehouse.admin.PasswordHasher;
import org.gatehouse.admin.Role;
import org.gatehouse.tenant.TenantId;
import org.gatehouse.tenant.TenantService;
import org.gatehouse.validation.InvalidFieldException;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * {@code /gatehouse/accounts}: administration accounts and their API tokens (docs/administration.md). A token's secret is
 * in the answer that creates it and nowhere else; passwords are never shown.
 */
public class AccountRoutes implements Routes {
    public static final String BASE_PATH = "/gatehouse/accounts";
    static final int MAX_TOKEN_DAYS = 3650;

    private final JdbcAccounts accounts;
    private final TenantService tenants;
    private final PasswordHasher hasher;
    private final JsonTransformer jsonTransformer;
    private final Clock clock;

    @Inject
    public AccountRoutes(JdbcAccounts accounts, TenantService tenants, JsonTransformer jsonTransformer) {
        this(accounts, tenants, new PasswordHasher(), jsonTransformer, Clock.systemUTC());
    }

    public AccountRoutes(JdbcAccounts accounts, TenantService tenants, PasswordHasher hasher, JsonTransformer jsonTransformer, Clock clock) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.hasher = hasher;
        this.jsonTransformer = jsonTransformer;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, handled((request, response) -> accounts.list().stream().filter(account -> visible(request, account))
            .map(AccountRoutes::json).toList()), jsonTransformer);
        service.get(BASE_PATH + "/:login", handled((request, response) -> json(existing(request))), jsonTransformer);
        service.put(BASE_PATH + "/:login", handled((request, response) -> {
            String login = request.params("login");
            if (!Account.isValidLogin(login)) {
                throw new InvalidFieldException("login", "must be 1 to 64 of a-z 0-9 . _ @ - and start with a letter or digit");
            }
            JsonNode body = body(request);
            Role role = Role.parse(body.path("role").asText("")).orElseThrow(() ->
                new InvalidFieldException("role", "must be one of operator, tenant_admin, helpdesk, read_only"));
            List<TenantId> accountTenants = tenantsOf(request, body);
            Optional<String> password = body.hasNonNull("password") ? Optional.of(body.get("password").asText()) : Optional.empty();
            password.flatMap(PasswordHasher::problem).ifPresent(problem -> {
                throw new InvalidFieldException("password", problem);
            });
            Optional<Account> before = accounts.get(login).filter(existing -> visible(request, existing));
            if (before.isEmpty() && accounts.get(login).isPresent()) {
                // an account the caller may not see is not overwritten: it answers as taken
                throw conflict("account " + login + " exists already");
            }
            caller(request).filter(caller -> caller.role() != Role.OPERATOR).ifPresent(caller -> {
                if (!role.isBelow(caller.role())) {
                    throw new InvalidFieldException("role", "a " + caller.role().asString() + " may give helpdesk or read_only only");
                }
            });
            Account account;
            try {
                account = Account.of(login, role, accountTenants, before.map(Account::createdAt).orElseGet(clock::instant));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("tenants", e.getMessage());
            }
            if (before.isPresent() && before.get().role() == Role.OPERATOR && role != Role.OPERATOR && operators() == 1) {
                throw conflict("account " + login + " is the last operator; make another account an operator first");
            }
            auditTenant(request, account);
            if (before.isEmpty()) {
                accounts.create(account, password.map(hasher::hash));
                response.status(HttpStatus.CREATED_201);
            } else {
                accounts.update(account);
                password.map(hasher::hash).ifPresent(hash -> accounts.setPassword(login, hash));
                response.status(HttpStatus.OK_200);
            }
            return json(account);
        }), jsonTransformer);
        service.delete(BASE_PATH + "/:login", handled((request, response) -> {
            Account account = existing(request);
            if (account.role() == Role.OPERATOR && operators() == 1) {
                throw conflict("account " + account.login() + " is the last operator and cannot be deleted");
            }
            accounts.delete(account.login());
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
        service.get(BASE_PATH + "/:login/tokens", handled((request, response) ->
            accounts.tokens(existing(request).login()).stream().map(AccountRoutes::json).toList()), jsonTransformer);
        service.post(BASE_PATH + "/:login/tokens", handled((request, response) -> {
            Account account = existing(request);
            JsonNode body = request.body() == null || request.body().isBlank() ? null : body(request);
            String description = body == null ? "" : body.path("description").asText("");
            Optional<Instant> expires = Optional.empty();
            if (body != null && body.hasNonNull("expiresInDays")) {
                JsonNode days = body.get("expiresInDays");
                if (!days.canConvertToInt() || days.asInt() < 1 || days.asInt() > MAX_TOKEN_DAYS) {
                    throw new InvalidFieldException("expiresInDays", "must be a whole number of days from 1 to " + MAX_TOKEN_DAYS);
                }
                expires = Optional.of(clock.instant().plus(Duration.ofDays(days.asInt())));
            }
            IssuedToken issued = accounts.issueToken(account.login(), description, expires, clock.instant());
            Map<String, Object> json = json(issued.token());
            json.put("token", issued.bearer());
            response.status(HttpStatus.CREATED_201);
            return json;
        }), jsonTransformer);
        service.delete(BASE_PATH + "/:login/tokens/:id", handled((request, response) -> {
            Account account = existing(request);
            if (!accounts.revokeToken(account.login(), request.params("id"), clock.instant())) {
                throw notFound("account " + account.login() + " has no active token " + request.params("id"));
            }
            response.status(HttpStatus.NO_CONTENT_204);
            return "";
        }));
    }

    private long operators() {
        return accounts.list().stream().filter(account -> account.role() == Role.OPERATOR).count();
    }

    private Account existing(Request request) {
        Account account = accounts.get(request.params("login")).filter(visible -> visible(request, visible))
            .orElseThrow(() -> notFound("no account " + request.params("login")));
        auditTenant(request, account);
        return account;
    }

    /** The audit record of a change to an account names its (first) tenant, so that the tenant's administrators find it. */
    private static void auditTenant(Request request, Account account) {
        if (!account.tenants().isEmpty()) {
            request.attribute(AuditTrail.TENANT, account.tenants().first().asString());
        }
    }

    private static Optional<Account> caller(Request request) {
        return Optional.ofNullable(request.attribute(GatehouseAuthenticationFilter.ACCOUNT));
    }

    /** Operators see every account; a tenant administrator the accounts of lower roles acting for its tenants only. */
    private static boolean visible(Request request, Account account) {
        Optional<Account> caller = caller(request);
        if (caller.isEmpty() || caller.get().role() == Role.OPERATOR) {
            return true;
        }
        return account.role().isBelow(caller.get().role()) && account.tenants().stream().allMatch(caller.get()::actsFor);
    }

    private List<TenantId> tenantsOf(Request request, JsonNode body) {
        JsonNode list = body.path("tenants");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidFieldException("tenants", "must be an array of tenant ids");
        }
        List<TenantId> found = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            String field = "tenants[" + index + "]";
            TenantId tenant;
            try {
                tenant = TenantId.of(list.get(index).asText(""));
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException(field, e.getReason());
            }
            if (tenants.get(tenant).isEmpty() || !caller(request).map(caller -> caller.actsFor(tenant)).orElse(true)) {
                throw new InvalidFieldException(field, "no tenant " + tenant.asString());
            }
            found.add(tenant);
        }
        return found;
    }

    static Map<String, Object> json(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("login", account.login());
        json.put("role", account.role().asString());
        json.put("tenants", account.tenants().stream().map(TenantId::asString).toList());
        json.put("createdAt", account.createdAt().toString());
        return json;
    }

    static Map<String, Object> json(ApiToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id());
        json.put("description", token.description());
        json.put("createdAt", token.createdAt().toString());
        json.put("expiresAt", token.expiresAt().map(Instant::toString).orElse(null));
        json.put("revokedAt", token.revokedAt().map(Instant::toString).orElse(null));
        json.put("lastUsedAt", token.lastUsedAt().map(Instant::toString).orElse(null));
        return json;
    }
}
